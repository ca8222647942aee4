/**
 * A campaign's settings as a caller spells them → the checked {@link CampaignDefinition}, one way for
 * every surface: `ringflow campaign start` (client/campaign/definition-flags.ts, after reading its
 * files) and the MCP tool `start_campaign` (through `startCampaign` in start-campaign.ts). Both accept and refuse the
 * same values with the same words; each renames the {@link RequestFieldError}'s fields its own way
 * (`--window`, `window`).
 *
 * Two steps: the spelled values are read first (window, days, retry, deadline; the first that cannot
 * be read is refused alone), then the whole is checked against the definition's schema (every problem
 * at once).
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_OUTCOMES,
  DEFAULT_RETRY,
  DEFAULT_WINDOW,
  checkDefinition,
  parseDays,
  parseDuration,
  parseRetry,
  parseWindowHours,
  templateVariables,
} from '../../workflows/campaign/input';
import type { CampaignDefinition } from '../../workflows/campaign/types';
import { RequestFieldError, readField } from './field-problem';

/** A campaign's settings, the spelled ones as text (`09:00-20:00`, `mon-fri`, `7d`), the rest as values. */
export interface CampaignSettings {
  campaignId: string;
  prompt: string;
  greeting?: string | undefined;
  agentId?: string | undefined;
  /** Calls at once; default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number | undefined;
  /** `09:00-20:00` */
  window?: string | undefined;
  /** `mon-fri` */
  days?: string | undefined;
  /** `no-answer=3/2h,busy=2/30m,voicemail=1/1d` */
  retry?: string | undefined;
  /** `7d` or an ISO instant; default {@link DEFAULT_DEADLINE_MS} from now. */
  deadline?: string | undefined;
  /** The outcome schema (question and answers); the default asks for confirmed/declined/… */
  outcomes?: unknown;
  budget?: { minutes?: number; usd?: number } | undefined;
  pricePerMinuteUsd?: number | undefined;
  maxCallMinutes?: number | undefined;
  /** The voicemail message's template; none: hang up on a voicemail. */
  voicemailMessage?: string | undefined;
  /** An SMS template per outcome (`confirmed`, `no_answer`, …). */
  followUps?: Record<string, string> | undefined;
}

/** A definition ready to launch, and the `{{variables}}` every contact must have a value for. */
export interface CheckedCampaignDefinition {
  definition: CampaignDefinition;
  requiredVariables: string[];
}

export const DEFAULT_CONCURRENCY = 5;

/** A campaign without a deadline stops dialling two weeks after it starts. */
export const DEFAULT_DEADLINE_MS = 14 * 86_400_000;

/** The furthest a campaign's deadline may be: a year (a recurring schedule makes each run its own). */
export const MAX_DEADLINE_MS = 365 * 86_400_000;

/** `c-2026-12-01-1a2b3c4d`: a campaign id for a caller that gave none. */
export function newCampaignId(nowMs: number): string {
  return `c-${new Date(nowMs).toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
}

/** `2026-12-20T18:00:00Z` (an instant) or `7d` / `36h` (from now); throws saying which form to use. */
export function parseDeadline(spec: string, nowMs: number): number {
  const at = /^\d+[mhd]$/.test(spec) ? nowMs + parseDuration(spec) : Date.parse(spec);
  if (!/^\d+[mhd]$/.test(spec) && (!/^\d{4}-\d{2}-\d{2}T/.test(spec) || Number.isNaN(at)))
    throw new Error(
      `"${spec}" is neither an ISO instant with its zone (2026-12-20T18:00:00Z) nor a duration (7d)`,
    );
  if (at <= nowMs) throw new Error(`${spec} has passed`);
  if (at - nowMs > MAX_DEADLINE_MS)
    throw new Error(
      `${spec} is more than ${MAX_DEADLINE_MS / 86_400_000} days away (a campaign runs a year at most)`,
    );
  return at;
}

/**
 * The definition before its check: the spelled values read, the defaults filled in. The first value
 * that cannot be read is a RequestFieldError naming its setting (`window`, `days`, `retry`, `deadline`).
 */
function campaignCandidate(settings: CampaignSettings, nowMs: number): Record<string, unknown> {
  const s = settings;
  const hours = s.window ? readField('window', () => parseWindowHours(s.window!)) : DEFAULT_WINDOW;
  const days = s.days ? readField('days', () => parseDays(s.days!)) : DEFAULT_WINDOW.days;
  return {
    campaignId: s.campaignId,
    prompt: s.prompt,
    ...(s.greeting !== undefined ? { greeting: s.greeting } : {}),
    ...(s.agentId ? { agentId: s.agentId } : {}),
    concurrency: s.concurrency ?? DEFAULT_CONCURRENCY,
    window: { start: hours.start, end: hours.end, days },
    retry: s.retry ? readField('retry', () => parseRetry(s.retry!)) : DEFAULT_RETRY,
    deadlineMs: s.deadline
      ? readField('deadline', () => parseDeadline(s.deadline!, nowMs))
      : nowMs + DEFAULT_DEADLINE_MS,
    outcomes: s.outcomes ?? DEFAULT_OUTCOMES,
    ...(s.budget !== undefined ? { budget: s.budget } : {}),
    ...(s.pricePerMinuteUsd !== undefined ? { pricePerMinuteUsd: s.pricePerMinuteUsd } : {}),
    ...(s.maxCallMinutes !== undefined ? { maxCallMinutes: s.maxCallMinutes } : {}),
    ...(s.voicemailMessage !== undefined ? { voicemailMessage: s.voicemailMessage } : {}),
    ...(s.followUps !== undefined ? { followUps: s.followUps } : {}),
  };
}

/**
 * Checks a candidate against the definition's rules: every problem a FieldProblem by the setting it
 * is about (`window` for `window.start`, `deadline` for `deadlineMs`), all of them in one
 * RequestFieldError.
 */
function checkedCampaignDefinition(candidate: Record<string, unknown>): CheckedCampaignDefinition {
  const checked = checkDefinition(candidate);
  if (!checked.ok)
    throw new RequestFieldError(
      checked.problems.map((p) => {
        const [path = '', ...rest] = p.split(': ');
        const field = path.split('.')[0] ?? path;
        return { field: field === 'deadlineMs' ? 'deadline' : field, message: rest.join(': ') || p };
      }),
    );
  const d = checked.definition;
  const requiredVariables = [
    ...new Set([
      ...templateVariables(d.prompt),
      ...templateVariables(d.greeting),
      ...templateVariables(d.voicemailMessage),
      ...Object.values(d.followUps ?? {}).flatMap((t) => templateVariables(t)),
    ]),
  ];
  return { definition: d, requiredVariables };
}

/** Both steps: the checked definition, or a RequestFieldError by setting. */
export function campaignDefinition(settings: CampaignSettings, nowMs: number): CheckedCampaignDefinition {
  return checkedCampaignDefinition(campaignCandidate(settings, nowMs));
}
