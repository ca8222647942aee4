/**
 * Scenario 8, last: every log file ringflow's processes wrote (worker, ingress, Temporal) and every
 * workflow history exported in this run, searched for the AgentPhone API key, the webhook secret, the
 * number-key secret and the payload codec's key: zero hits. The simulator's own output is left out — it
 * is the stand-in for AgentPhone, which prints the key it issues.
 *
 * Phone numbers: every stack runs with the payload codec on (`chaos/codec.ts`), so the histories as
 * Temporal stores them — what `temporal workflow show` hands anyone debugging — must hold no number in
 * clear. The same scan over the codec-decrypted payloads must find numbers (the workload texts and
 * calls dozens): the positive control that the scan reads payloads at all. With
 * `RINGFLOW_CHAOS_CODEC=off` the numbers are in clear and this scenario fails: the check can fail.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename } from 'node:path';
import { chaosCodecOn } from '../codec';
import { withStack, WORKLOAD_SIZES, FINISH_TIMEOUT_MS, type FinishedStack, type Scenario } from '../scenario';
import { CHAOS_NUMBER_KEY } from '../stack';
import { launchWorkload } from '../workload';

/** An E.164 North American number, as the workload's personas, venues and callers have. */
const PHONE = /\+1\d{10}/g;

interface FileScan {
  secretHits: string[];
  phoneHits: number;
  /** The first line with a number, cut short: shown when numbers must not be there. */
  firstPhoneLine: string | undefined;
}

/** Every line of `file` (if it exists) searched for each secret and for phone numbers. */
export async function scanFile(file: string, secrets: string[]): Promise<FileScan> {
  const scanned: FileScan = { secretHits: [], phoneHits: 0, firstPhoneLine: undefined };
  if (!existsSync(file)) return scanned;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    for (const secret of secrets)
      if (line.includes(secret))
        scanned.secretHits.push(`${basename(file)}:${n} holds a secret (${secret.slice(0, 6)}…)`);
    const phones = line.match(PHONE);
    if (phones) {
      scanned.phoneHits += phones.length;
      if (!scanned.firstPhoneLine) {
        const at = line.indexOf(phones[0]);
        scanned.firstPhoneLine = `${basename(file)}:${n}: …${line.slice(Math.max(0, at - 60), at + 20)}…`;
      }
    }
  }
  return scanned;
}

/** What one finished stack's evidence holds. */
interface StackScan {
  files: number;
  secretHits: string[];
  /** Numbers in the histories as stored (ciphertext with the codec on). */
  storedPhoneHits: number;
  firstStoredPhoneLine: string | undefined;
  /** Numbers in the decrypted payloads (codec on only). */
  decodedPhoneHits: number;
  logPhoneHits: number;
}

async function scanStack(stack: FinishedStack): Promise<StackScan> {
  const secrets = [...stack.secrets, CHAOS_NUMBER_KEY];
  const result: StackScan = {
    files: 0,
    secretHits: [],
    storedPhoneHits: 0,
    firstStoredPhoneLine: undefined,
    decodedPhoneHits: 0,
    logPhoneHits: 0,
  };
  const logs = stack.logFiles.filter((f) => !f.endsWith('simulator.log'));
  const files = [...logs, stack.historyFile, ...(stack.decodedHistoryFile ? [stack.decodedHistoryFile] : [])];
  for (const file of files) {
    const hits = await scanFile(file, secrets);
    result.files += existsSync(file) ? 1 : 0;
    result.secretHits.push(...hits.secretHits.slice(0, 5).map((h) => `${stack.label}: ${h}`));
    if (file === stack.historyFile) {
      result.storedPhoneHits = hits.phoneHits;
      result.firstStoredPhoneLine = hits.firstPhoneLine;
    } else if (file === stack.decodedHistoryFile) result.decodedPhoneHits = hits.phoneHits;
    else result.logPhoneHits += hits.phoneHits;
  }
  return result;
}

export const secrets: Scenario = {
  name: 'secrets',
  async run(context) {
    if (context.finished.length === 0) {
      // Run on its own (`--only secrets`): make some evidence first.
      const size = { ...WORKLOAD_SIZES.ci, contacts: 6 };
      await withStack(context, { label: 'secrets', speed: 'instant' }, async (stack) => {
        const workload = await launchWorkload(stack, size, context.random);
        await workload.finish(FINISH_TIMEOUT_MS.ci);
      });
    }
    const problems: string[] = [];
    let files = 0;
    let stored = 0;
    let decoded = 0;
    let inLogs = 0;
    for (const stack of context.finished) {
      const scan = await scanStack(stack);
      files += scan.files;
      stored += scan.storedPhoneHits;
      decoded += scan.decodedPhoneHits;
      inLogs += scan.logPhoneHits;
      problems.push(...scan.secretHits);
      if (!existsSync(stack.historyFile)) problems.push(`${stack.label}: no exported histories to scan`);
      if (scan.storedPhoneHits > 0)
        problems.push(
          `${stack.label}: ${scan.storedPhoneHits} phone number(s) in clear in the stored histories` +
            `${stack.decodedHistoryFile ? ' with the codec on' : ' (the codec is off)'}, e.g. ${scan.firstStoredPhoneLine}`,
        );
    }
    // The positive control: the decrypted payloads hold the numbers the workload used; finding none
    // would mean the scan cannot read payloads, and its "0 numbers" would mean nothing.
    const codecOn = context.finished.some((s) => s.decodedHistoryFile);
    if (codecOn && decoded === 0)
      problems.push('no phone number in the decrypted payloads either: the export or the scan is broken');
    if (!chaosCodecOn()) problems.push('RINGFLOW_CHAOS_CODEC=off: the histories were not protected');
    return {
      figures:
        `${files} files from ${context.finished.length} stacks scanned (logs + histories): 0 secrets; ` +
        `codec ${codecOn ? 'on' : 'off'}: ${stored} phone numbers in stored histories, ${decoded} in the ` +
        `decrypted payloads; ${inLogs} in logs`,
      problems,
    };
  },
};
