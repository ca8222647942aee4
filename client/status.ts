/**
 * `ringflow status`: one look at everything — the AgentPhone account (usage, limits, numbers, agents),
 * the flows running in Temporal by kind with their state (visibility lists by workflow type, then one
 * query each), recent outcomes, the opt-out list's size and webhook health. Each section is gathered on
 * its own: one that cannot be read says why and the others still show.
 */
import { FLOW_KINDS } from './operations/running-flows';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AgentPhone } from '../agentphone';
import {
  getCallSlotsQuery,
  getCampaignStatusQuery,
  getMissedCallStatusQuery,
  getOnboardingStatusQuery,
  getReservationStatusQuery,
  listOptOutsQuery,
  workflowIds,
} from '../workflows/messages';
import { OPT_OUT_PAGE_MAX } from '../workflows/opt-out/shard';
import { readWebhookSecretsFile } from '../common/process/webhook-secrets-file';
import { listDeadLetters } from './dead-letters';
import { describeDeliveries, summarizeDeliveries } from './webhook-deliveries';

/** A section, or why it could not be read. */
export type Section<T> = { ok: true; value: T } | { ok: false; error: string };

/** One running flow, as `status` lists it. */
export interface RunningFlow {
  workflowId: string;
  startedAt: string;
  state: string;
  /** One human line (a reservation's message, a campaign's progress, a callback's due time). */
  detail: string;
  /** True when the flow waits on a person (a reservation's offer, an onboarding's code). */
  waitingOnHuman: boolean;
}

/** What `ringflow status` shows (and prints as JSON with `--json`). */
export interface StatusReport {
  at: string;
  account: Section<{
    plan: string | null;
    numbers: { used: number; limit: number; remaining: number } | null;
    concurrentCalls: number | null;
    callsLast24h: number | null;
    messagesLast24h: number | null;
    numbersList: { id: string; phoneNumber: string; agentId: string | null }[];
    agents: { id: string; name: string | null }[];
  }>;
  flows: Section<{
    reservations: RunningFlow[];
    campaigns: RunningFlow[];
    callbacks: RunningFlow[];
    onboardings: RunningFlow[];
    liveCalls: number;
  }>;
  recentOutcomes: Section<{ hours: number; byKind: Record<string, Record<string, number>> }>;
  optOuts: Section<{ entries: number }>;
  webhooks: Section<{
    hours: number;
    deliveries: number;
    byVerdict: Record<string, number>;
    rejectedByReason: Record<string, number>;
    successRate: number | null;
    openDeadLetters: number;
    /** The account webhook's URL, or null when none is set. */
    url: string | null;
    /** Whether the local secrets file holds the webhook's current secret (null: no webhook, or no file given). */
    secretStored: boolean | null;
  }>;
}

/**
 * The flows `status` shows a section for, by the section's name: kinds of the one list of flows
 * (operations/running-flows.ts), which the MCP tool ringflow_status counts too.
 */
export const STATUS_SECTIONS = {
  reservations: FLOW_KINDS.reservation,
  campaigns: FLOW_KINDS.campaign,
  callbacks: FLOW_KINDS.missed_call,
  onboardings: FLOW_KINDS.onboarding,
} as const;

async function section<T>(read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

async function running(
  temporal: Client,
  taskQueue: string,
  workflowType: string,
  limit: number,
): Promise<{ workflowId: string; startedAt: string }[]> {
  const found: { workflowId: string; startedAt: string }[] = [];
  const query = `WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  for await (const execution of temporal.workflow.list({ query })) {
    found.push({ workflowId: execution.workflowId, startedAt: execution.startTime.toISOString() });
    if (found.length >= limit) break;
  }
  return found;
}

async function described<S>(
  temporal: Client,
  flows: { workflowId: string; startedAt: string }[],
  read: (status: S) => Omit<RunningFlow, 'workflowId' | 'startedAt'>,
  query: Parameters<ReturnType<Client['workflow']['getHandle']>['query']>[0],
): Promise<RunningFlow[]> {
  return Promise.all(
    flows.map(async (flow) => {
      try {
        const status = (await temporal.workflow.getHandle(flow.workflowId).query(query)) as S;
        return { ...flow, ...read(status) };
      } catch (err) {
        return { ...flow, state: 'unknown', detail: (err as Error).message, waitingOnHuman: false };
      }
    }),
  );
}

function percent(done: number, total: number): string {
  return total ? `${Math.round((done / total) * 100)}%` : '0%';
}

/**
 * Calls holding a live-call slot in the deployment's limiter (`call-slots:account:<taskQueue>`): every
 * outbound call of every flow takes one while it is placed and followed — a campaign contact's inline
 * calls too, which no `callWorkflow` stands for. No limiter running (none needed for a day): none.
 */
export async function liveCallCount(temporal: Client, taskQueue: string): Promise<number> {
  const limiter = temporal.workflow.getHandle(workflowIds.callSlots(taskQueue));
  try {
    if ((await limiter.describe()).status.name !== 'RUNNING') return 0;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 0;
    throw err;
  }
  return (await limiter.query(getCallSlotsQuery)).leases.length;
}

/**
 * Gathers the report. `agentphone` is absent without an API key (the account sections say so).
 *
 * @example
 * const report = await gatherStatus({ temporal, taskQueue, agentphone });
 */
export async function gatherStatus(options: {
  temporal: Client;
  taskQueue: string;
  agentphone?: AgentPhone | undefined;
  /** Flows listed per kind (each is queried once). */
  perKind?: number;
  hours?: number;
  nowMs?: number;
  /** The webhook secrets file to compare with the webhook's current secret (RINGFLOW_WEBHOOK_SECRETS_FILE). */
  secretsFile?: string | undefined;
}): Promise<StatusReport> {
  const { temporal, taskQueue, agentphone } = options;
  const perKind = options.perKind ?? 20;
  const hours = options.hours ?? 24;
  const nowMs = options.nowMs ?? Date.now();
  const noKey = 'no AgentPhone API key (set AGENTPHONE_API_KEY, or run `ringflow signup` / `ringflow login`)';

  const account = section(async () => {
    if (!agentphone) throw new Error(noKey);
    const [usage, numbers, agents] = await Promise.all([
      agentphone.account.usage(),
      agentphone.numbers.list({ limit: 100 }),
      agentphone.agents.list({ limit: 100 }),
    ]);
    return {
      plan: usage.plan?.name ?? null,
      numbers: usage.numbers ?? null,
      concurrentCalls: usage.plan?.limits?.concurrentCalls ?? null,
      callsLast24h: usage.stats?.callsLast24h ?? null,
      messagesLast24h: usage.stats?.messagesLast24h ?? null,
      numbersList: numbers.data.map((n) => ({
        id: n.id,
        phoneNumber: n.phoneNumber,
        agentId: n.agentId ?? null,
      })),
      agents: agents.data.map((a) => ({ id: a.id, name: a.name ?? null })),
    };
  });

  const flows = section(async () => {
    const list = (type: string) => running(temporal, taskQueue, type, perKind);
    const [reservations, campaigns, callbacks, onboardings, liveCalls] = await Promise.all([
      list(STATUS_SECTIONS.reservations).then((found) =>
        described<{ state: string; message: string }>(
          temporal,
          found,
          (s) => ({ state: s.state, detail: s.message, waitingOnHuman: s.state === 'awaiting_reply' }),
          getReservationStatusQuery,
        ),
      ),
      list(STATUS_SECTIONS.campaigns).then((found) =>
        described<{ state: string; total: number; done: number; active: number; pending: number }>(
          temporal,
          found,
          (s) => ({
            state: s.state,
            detail: `${s.done}/${s.total} done (${percent(s.done, s.total)}), ${s.active} active, ${s.pending} pending`,
            waitingOnHuman: false,
          }),
          getCampaignStatusQuery,
        ),
      ),
      list(STATUS_SECTIONS.callbacks).then((found) =>
        described<{ state: string; message: string; nextCallAt: string | null }>(
          temporal,
          found,
          (s) => ({
            state: s.state,
            detail: s.nextCallAt ? `next call ${s.nextCallAt}` : s.message,
            waitingOnHuman: false,
          }),
          getMissedCallStatusQuery,
        ),
      ),
      list(STATUS_SECTIONS.onboardings).then((found) =>
        described<{ state: string; message: string }>(
          temporal,
          found,
          (s) => ({ state: s.state, detail: s.message, waitingOnHuman: s.state === 'waiting-for-code' }),
          getOnboardingStatusQuery,
        ),
      ),
      liveCallCount(temporal, taskQueue),
    ]);
    return { reservations, campaigns, callbacks, onboardings, liveCalls };
  });

  const recentOutcomes = section(async () => {
    const since = new Date(nowMs - hours * 3_600_000).toISOString();
    const byKind: Record<string, Record<string, number>> = {};
    await Promise.all(
      Object.entries(STATUS_SECTIONS).map(async ([kind, type]) => {
        const counts: Record<string, number> = {};
        const query =
          `WorkflowType = '${type}' AND ExecutionStatus != 'Running' AND TaskQueue = '${taskQueue}' ` +
          `AND CloseTime > '${since}'`;
        for await (const execution of temporal.workflow.list({ query }))
          counts[execution.status.name.toLowerCase()] =
            (counts[execution.status.name.toLowerCase()] ?? 0) + 1;
        byKind[kind] = counts;
      }),
    );
    return { hours, byKind };
  });

  const optOuts = section(async () => {
    // Only shards that exist hold entries: list them, then page through each.
    const query = `WorkflowType = 'optOutShardWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
    let entries = 0;
    for await (const shard of temporal.workflow.list({ query })) {
      const handle = temporal.workflow.getHandle(shard.workflowId);
      let after: string | undefined;
      for (;;) {
        const page = await handle.query(listOptOutsQuery, { after, limit: OPT_OUT_PAGE_MAX });
        entries += page.entries.length;
        if (page.next === null) break;
        after = page.next;
      }
    }
    return { entries };
  });

  const webhooks = section(async () => {
    if (!agentphone) throw new Error(noKey);
    const [page, stats, letters, webhook] = await Promise.all([
      agentphone.webhooks.deliveries({ hours, limit: 100 }),
      agentphone.webhooks.stats({ hours }),
      listDeadLetters(temporal),
      agentphone.webhooks.get(),
    ]);
    const stored = options.secretsFile ? readWebhookSecretsFile(options.secretsFile) : undefined;
    const summary = summarizeDeliveries(describeDeliveries(page.data, letters));
    return {
      hours,
      deliveries: stats.total ?? summary.total,
      byVerdict: summary.byVerdict,
      rejectedByReason: summary.rejectedByReason,
      successRate: stats.successRate ?? null,
      openDeadLetters: letters.length,
      url: webhook?.url ?? null,
      secretStored:
        webhook && stored ? stored.some((x) => x.secret === webhook.secret && x.retiresAt === null) : null,
    };
  });

  return {
    at: new Date(nowMs).toISOString(),
    account: await account,
    flows: await flows,
    recentOutcomes: await recentOutcomes,
    optOuts: await optOuts,
    webhooks: await webhooks,
  };
}

/** The report as the terminal shows it. */
export function describeStatus(report: StatusReport): string {
  const lines: string[] = [`ringflow status at ${report.at}`];
  const failed = (name: string, s: { ok: false; error: string }) =>
    lines.push(`${name}: unavailable (${s.error})`);

  if (report.account.ok) {
    const a = report.account.value;
    lines.push(
      `Account: plan ${a.plan ?? '?'}; numbers ${a.numbers ? `${a.numbers.used}/${a.numbers.limit}` : '?'}; ` +
        `concurrent calls ${a.concurrentCalls ?? '?'}; last 24 h: ${a.callsLast24h ?? '?'} calls, ${a.messagesLast24h ?? '?'} SMS`,
    );
    lines.push(
      `  Numbers: ${a.numbersList.map((n) => `${n.phoneNumber} (${n.agentId ?? 'no agent'})`).join(', ') || 'none'}`,
    );
    lines.push(
      `  Agents: ${a.agents.map((g) => `${g.id}${g.name ? ` "${g.name}"` : ''}`).join(', ') || 'none'}`,
    );
  } else failed('Account', report.account);

  if (report.flows.ok) {
    const f = report.flows.value;
    const kind = (title: string, flows: RunningFlow[]) => {
      const waiting = flows.filter((x) => x.waitingOnHuman).length;
      lines.push(`${title}: ${flows.length} running${waiting ? `, ${waiting} waiting on a human` : ''}`);
      for (const x of flows) lines.push(`  ${x.workflowId}  ${x.state}  ${x.detail}`);
    };
    kind('Reservations', f.reservations);
    kind('Campaigns', f.campaigns);
    kind('Callbacks pending', f.callbacks);
    kind('Onboardings', f.onboardings);
    lines.push(`Live calls: ${f.liveCalls}`);
  } else failed('Flows', report.flows);

  if (report.recentOutcomes.ok) {
    const r = report.recentOutcomes.value;
    const parts = Object.entries(r.byKind)
      .filter(([, counts]) => Object.keys(counts).length > 0)
      .map(
        ([k, counts]) =>
          `${k} ${Object.entries(counts)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ')}`,
      );
    lines.push(`Finished in the last ${r.hours} h: ${parts.join('; ') || 'none'}`);
  } else failed('Recent outcomes', report.recentOutcomes);

  if (report.optOuts.ok) lines.push(`Opt-out list: ${report.optOuts.value.entries} entries`);
  else failed('Opt-out list', report.optOuts);

  if (report.webhooks.ok) {
    const w = report.webhooks.value;
    const verdicts = Object.entries(w.byVerdict)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    const reasons = Object.entries(w.rejectedByReason)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    lines.push(
      `Webhooks (last ${w.hours} h): ${w.deliveries} deliveries${w.successRate === null ? '' : `, ${w.successRate}% delivered`}` +
        `${verdicts ? `; ingress: ${verdicts}` : ''}${reasons ? `; rejected: ${reasons}` : ''}; ${w.openDeadLetters} open dead letters`,
    );
    lines.push(
      w.url
        ? `  Account webhook → ${w.url}${w.secretStored === null ? '' : w.secretStored ? ' (its secret is in the secrets file)' : ' (its current secret is NOT in the secrets file: run `ringflow webhooks rotate`)'}`
        : '  No account webhook: run `ringflow webhooks setup --url https://…`',
    );
  } else failed('Webhooks', report.webhooks);
  return lines.join('\n');
}
