/**
 * Scenario 8, last: every log file ringflow's processes wrote (worker, ingress, Temporal) and every
 * workflow history exported (payloads decoded) in this run, searched for the AgentPhone API key, the
 * webhook secret and the number-key secret: zero hits. The simulator's own output is left out — it is
 * the stand-in for AgentPhone, which prints the key it issues.
 *
 * Phone numbers: {@link PHONE_NUMBERS_MUST_BE_HIDDEN} is the hook for the payload codec. Until the codec
 * is merged, histories hold numbers in clear (ids use keyed hashes; payloads do not) and the scan only
 * counts them; with the codec on in the chaos workers ({@link CODEC_WORKER_ENV}), set it to true and a
 * single number in a history fails the scenario.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { withStack, WORKLOAD_SIZES, FINISH_TIMEOUT_MS, type Scenario } from '../scenario';
import { CHAOS_NUMBER_KEY } from '../stack';
import { launchWorkload } from '../workload';

/** Flip to true once the payload codec is merged and {@link CODEC_WORKER_ENV} turns it on. */
export const PHONE_NUMBERS_MUST_BE_HIDDEN = false;
/** Variables that turn the payload codec on in the chaos workers and commands (filled in at the merge). */
export const CODEC_WORKER_ENV: Record<string, string> = {};

const PHONE = /\+1\d{10}/g;

async function scan(file: string, secrets: string[]): Promise<{ secretHits: string[]; phoneHits: number }> {
  const secretHits: string[] = [];
  let phoneHits = 0;
  if (!existsSync(file)) return { secretHits, phoneHits };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    for (const secret of secrets)
      if (line.includes(secret))
        secretHits.push(`${basename(file)}:${n} holds a secret (${secret.slice(0, 6)}…)`);
    phoneHits += line.match(PHONE)?.length ?? 0;
  }
  return { secretHits, phoneHits };
}

export const secrets: Scenario = {
  name: 'secrets',
  async run(context) {
    if (context.finished.length === 0) {
      // Run on its own (`--only secrets`): make some evidence first.
      const size = { ...WORKLOAD_SIZES.ci, contacts: 6 };
      await withStack(
        context,
        { label: 'secrets', speed: 'instant', workerEnv: CODEC_WORKER_ENV },
        async (stack) => {
          const workload = await launchWorkload(stack, size, context.random);
          await workload.finish(FINISH_TIMEOUT_MS.ci);
        },
      );
    }
    const problems: string[] = [];
    let files = 0;
    let phoneHits = 0;
    for (const stack of context.finished) {
      const targets = [...stack.logFiles.filter((f) => !f.endsWith('simulator.log')), stack.historyFile];
      for (const file of targets) {
        const hits = await scan(file, [...stack.secrets, CHAOS_NUMBER_KEY]);
        files += existsSync(file) ? 1 : 0;
        problems.push(...hits.secretHits.slice(0, 5).map((h) => `${stack.label}: ${h}`));
        if (file === stack.historyFile) phoneHits += hits.phoneHits;
      }
      if (!existsSync(stack.historyFile)) problems.push(`${stack.label}: no exported histories to scan`);
    }
    // The positive control: without the codec, numbers are in the payloads; finding none means the
    // scan cannot read the payloads, and its "0 secrets" would mean nothing.
    if (!PHONE_NUMBERS_MUST_BE_HIDDEN && phoneHits === 0)
      problems.push('no phone number found in clear in any history either: the payload decoding is broken');
    if (PHONE_NUMBERS_MUST_BE_HIDDEN && phoneHits > 0)
      problems.push(`${phoneHits} phone number(s) in clear in exported histories with the codec on`);
    return {
      figures: `${files} files from ${context.finished.length} stacks scanned (logs + decoded histories): 0 secrets; ${phoneHits} phone numbers in history payloads (codec hook ${PHONE_NUMBERS_MUST_BE_HIDDEN ? 'on' : 'off until the codec merge'})`,
      problems,
    };
  },
};
