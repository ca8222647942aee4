/** Campaign definitions and contact pages for workflow tests, with windows that are open when they run. */
import { after, afterEach, before, beforeEach } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { campaignWorkflow } from '../../workflows';
import { workflowIds, getCampaignStatusQuery } from '../../workflows/messages';
import type { CampaignStatus } from '../../workflows/campaign/types';
import { eventually } from './eventually';
import { fakeActivities, type FakeOptions } from './fake-activities';
import { timeSkippingEnv, uniqueTaskQueue, withWorker } from './temporal';
import { DEFAULT_OUTCOMES, DEFAULT_RETRY } from '../../workflows/campaign/input';
import type { CampaignInput } from '../../workflows/campaign/workflow';
import type { CampaignContact, CampaignDefinition } from '../../workflows/campaign/types';

export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as CampaignDefinition['window']['days'];

/**
 * A fixed-offset zone where it is now between 11:00 and 13:00 (`Etc/GMT-5` is UTC+5), so a window of
 * 08:00–21:00 every day is open at once, whenever the test runs.
 */
const once = { maxAttempts: 1, spacingMs: 1_000 };
/** No retry for any outcome (a retry a second later where a test raises one). */
export const ONE_ATTEMPT_EACH = { no_answer: once, busy: once, voicemail: once, failed: once };

/**
 * A campaign for integration tests (real time): open every day 08:00–21:00, one attempt per outcome a
 * second apart unless `overrides` says otherwise, the default outcomes.
 */
export function realTimeCampaignDefinition(
  campaignId: string,
  deadlineMs: number,
  overrides: Partial<CampaignDefinition> = {},
): CampaignDefinition {
  return {
    campaignId,
    prompt: 'Remind {{name}} of the appointment tomorrow at 10.',
    concurrency: 4,
    window: { start: '08:00', end: '21:00', days: EVERY_DAY },
    retry: ONE_ATTEMPT_EACH,
    deadlineMs,
    outcomes: DEFAULT_OUTCOMES,
    ...overrides,
  };
}

export function middayZone(nowMs: number): string {
  const offset = 12 - new Date(nowMs).getUTCHours();
  const wrapped = offset > 12 ? offset - 24 : offset < -11 ? offset + 24 : offset;
  return wrapped === 0 ? 'Etc/GMT' : `Etc/GMT${wrapped > 0 ? '-' : '+'}${Math.abs(wrapped)}`;
}

/** `count` contacts with numbers +1415555 0001…, in `zones` (default: where it is midday). */
export function testContacts(count: number, zones: (row: number) => string[]): CampaignContact[] {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 1,
    phone: `+1415555${String(i + 1).padStart(4, '0')}`,
    variables: { name: `Person ${i + 1}` },
    timeZones: zones(i + 1),
  }));
}

export function pagesOf(contacts: CampaignContact[], pageSize: number): CampaignContact[][] {
  const pages: CampaignContact[][] = [];
  for (let i = 0; i < contacts.length; i += pageSize) pages.push(contacts.slice(i, i + pageSize));
  return pages;
}

/** A campaign over `contacts` stored in pages of `pageSize`, open every day 08:00–21:00. */
export function campaignInput(
  contacts: CampaignContact[],
  pageSize: number,
  nowMs: number,
  overrides: Partial<CampaignDefinition> = {},
): CampaignInput {
  return {
    definition: {
      campaignId: `c-${Math.random().toString(36).slice(2)}`,
      prompt: 'Remind {{name}} of the appointment tomorrow.',
      concurrency: 3,
      window: { start: '08:00', end: '21:00', days: EVERY_DAY },
      retry: DEFAULT_RETRY,
      deadlineMs: nowMs + 14 * 86_400_000,
      outcomes: DEFAULT_OUTCOMES,
      ...overrides,
    },
    contacts: {
      contactCount: contacts.length,
      pageSize,
      pageCount: Math.ceil(contacts.length / pageSize),
    },
  };
}

/** A call the callee answers with `words`. */
export function answeredWith(words: string) {
  return {
    status: 'completed',
    disconnectionReason: 'agent_hangup',
    transcript: [
      { role: 'agent' as const, content: 'Hi, a reminder of your appointment. Does that work?' },
      { role: 'user' as const, content: words },
    ],
  };
}

export const dialEnds = {
  noAnswer: { status: 'failed', disconnectionReason: 'dial_no_answer', transcript: [] },
  busy: { status: 'failed', disconnectionReason: 'dial_busy', transcript: [] },
  voicemail: { status: 'completed', disconnectionReason: 'voicemail_reached', transcript: [] },
  failed: { status: 'failed', disconnectionReason: 'dial_failed', transcript: [] },
};

/** Runs campaigns in a time-skipping environment against fake activities. */
export function campaignHarness(envOf: () => TestWorkflowEnvironment) {
  type Fake = ReturnType<typeof fakeActivities>;

  /** Fake activities over stored `contacts`, counting the calls live at once (placed, not yet ended). */
  function campaignFake(
    input: CampaignInput,
    contacts: CampaignContact[],
    options: Omit<FakeOptions, 'client' | 'contactPages'> = {},
  ) {
    const fake = fakeActivities({
      client: envOf().client,
      contactPages: { [input.definition.campaignId]: pagesOf(contacts, input.contacts.pageSize) },
      ...options,
    });
    const live = { now: 0, max: 0 };
    const inner = { ...fake.activities };
    fake.activities.placeCall = async (req) => {
      live.now += 1;
      live.max = Math.max(live.max, live.now);
      return inner.placeCall(req);
    };
    fake.activities.fetchCall = async (req) => {
      const found = await inner.fetchCall(req);
      if (found.ended) live.now -= 1;
      return found;
    };
    return { ...fake, live };
  }

  async function runCampaign(
    fake: Fake,
    input: CampaignInput,
    steer: (handle: WorkflowHandle<typeof campaignWorkflow>) => Promise<void> = async () => {},
  ) {
    const taskQueue = uniqueTaskQueue();
    return withWorker(
      { connection: envOf().nativeConnection, taskQueue, activities: fake.activities },
      async () => {
        const handle = await envOf().client.workflow.start(campaignWorkflow, {
          taskQueue,
          workflowId: workflowIds.campaign(input.definition.campaignId),
          args: [input],
        });
        await steer(handle);
        return { status: await handle.result(), handle };
      },
    );
  }

  async function statusWhen(
    handle: WorkflowHandle<typeof campaignWorkflow>,
    ok: (s: CampaignStatus) => boolean,
    what: string,
  ) {
    return eventually(
      async () => {
        const s = await handle.query(getCampaignStatusQuery).catch(() => undefined);
        return s && ok(s) ? s : undefined;
      },
      { what },
    );
  }

  return { campaignFake, runCampaign, statusWhen };
}

/**
 * A time-skipping campaign test file's setup in one line: registers the hooks that start a
 * time-skipping server and tear it down — per test (`perTest`: no test depends on another's leftovers;
 * after some runs a shared server stopped skipping time) or once for the file — and returns the
 * harness over it. `env()` is that server, inside a test.
 *
 * @example
 * const { env, campaignFake, runCampaign } = campaignSuite({ perTest: true });
 * test('…', async () => { const now = await env().currentTimeMs(); … });
 */
export function campaignSuite({ perTest }: { perTest: boolean }) {
  let current: TestWorkflowEnvironment | undefined;
  (perTest ? beforeEach : before)(async () => {
    current = await timeSkippingEnv();
  });
  (perTest ? afterEach : after)(async () => {
    await current?.teardown();
    current = undefined;
  });
  const env = (): TestWorkflowEnvironment => {
    if (!current)
      throw new Error('campaignSuite: the test server starts in a before hook; call env() in a test');
    return current;
  };
  return { env, ...campaignHarness(env) };
}
