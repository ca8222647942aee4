/**
 * One in-flight update per workflow per process. Temporal refuses more than a few concurrent in-flight
 * updates on one workflow (10 on the dev server and Temporal Cloud: `ResourceExhausted: limit on number
 * of concurrent in-flight updates has been reached`), and the limiter's workflows are reached by every
 * call of the deployment. So the requests of one process for one workflow are coalesced: the first goes
 * at once, the ones that arrive while it is in flight wait and go together as the next update's list,
 * and each caller gets its own answer. Arrival order is kept (the limiter is FIFO).
 */

/** Sends one update carrying `batch` to the workflow `key`; answers in the batch's order. */
export type BatchUpdateSender<Request, Answer> = (key: string, batch: Request[]) => Promise<Answer[]>;

export interface UpdateBatcherOptions {
  /** The most requests one update carries (bounds the payload: the rest go in the next one). */
  maxBatch?: number;
  /**
   * How long to keep resending a batch the server refused as overloaded (several processes at once can
   * still pass the limit) or not ready, before its callers fail and their activities retry.
   */
  overloadBudgetMs?: number;
  /** Tests inject these. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

interface Waiting<Request, Answer> {
  request: Request;
  resolve(answer: Answer): void;
  reject(err: unknown): void;
}

const DEFAULT_MAX_BATCH = 100;
const DEFAULT_OVERLOAD_BUDGET_MS = 15_000;
/** First pause after an overload refusal; it doubles per refusal up to the cap, jittered. */
const FIRST_OVERLOAD_PAUSE_MS = 40;
const MAX_OVERLOAD_PAUSE_MS = 1_000;
/** gRPC's RESOURCE_EXHAUSTED status code: too many updates in flight on the workflow. */
const GRPC_RESOURCE_EXHAUSTED = 8;
/**
 * gRPC's FAILED_PRECONDITION status code. From an update it means the workflow cannot admit one now:
 * its workflow task failed or timed out three times running (`WorkflowNotReady: Unable to perform
 * workflow execution update due to Workflow Task in failed state`, until a task succeeds), or the run
 * reached its total of updates (until it continues as new, which the server has suggested). Seen in CI
 * on a loaded machine: one such refusal failed every request of a batch at once.
 */
const GRPC_FAILED_PRECONDITION = 9;
const TRANSIENT_REFUSALS = new Set([GRPC_RESOURCE_EXHAUSTED, GRPC_FAILED_PRECONDITION]);

/** The gRPC status code of `err` or of an error it wraps (the client wraps it as a ServiceError's `cause`). */
function grpcCodeOf(err: unknown): number | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether `err` is the server's RESOURCE_EXHAUSTED: the workflow has too many updates in flight. */
export function isResourceExhausted(err: unknown): boolean {
  return grpcCodeOf(err) === GRPC_RESOURCE_EXHAUSTED;
}

/** Whether the server refused the update for now (overloaded, or not ready), so a resend shortly may pass. */
export function isTransientRefusal(err: unknown): boolean {
  const code = grpcCodeOf(err);
  return code !== undefined && TRANSIENT_REFUSALS.has(code);
}

/**
 * Coalesces concurrent requests per workflow key into one in-flight batch update at a time.
 *
 * @example
 * const slots = new UpdateBatcher((id, batch) => client.workflow.getHandle(id).executeUpdate(u, { args: [batch] }));
 * const grant = await slots.submit('call-slots:account:prod', request);
 */
export class UpdateBatcher<Request, Answer> {
  private readonly waitingByKey = new Map<string, Waiting<Request, Answer>[]>();
  private readonly inFlight = new Set<string>();
  private readonly maxBatch: number;
  private readonly overloadBudgetMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly send: BatchUpdateSender<Request, Answer>,
    options: UpdateBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.overloadBudgetMs = options.overloadBudgetMs ?? DEFAULT_OVERLOAD_BUDGET_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Sends `request` to the workflow `key` in the next batch, and resolves with its own answer. */
  submit(key: string, request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const waiting = this.waitingByKey.get(key) ?? [];
      waiting.push({ request, resolve, reject });
      this.waitingByKey.set(key, waiting);
      if (!this.inFlight.has(key)) void this.drain(key);
    });
  }

  /** Sends batches for `key` one after another until nobody waits. */
  private async drain(key: string): Promise<void> {
    this.inFlight.add(key);
    try {
      for (;;) {
        const waiting = this.waitingByKey.get(key) ?? [];
        if (waiting.length === 0) break;
        const batch = waiting.splice(0, this.maxBatch);
        await this.sendOne(key, batch);
      }
    } finally {
      this.inFlight.delete(key);
      this.waitingByKey.delete(key);
    }
  }

  private async sendOne(key: string, batch: Waiting<Request, Answer>[]): Promise<void> {
    try {
      const answers = await this.sendRetryingRefusals(
        key,
        batch.map((w) => w.request),
      );
      if (answers.length !== batch.length)
        throw new Error(`The batch update to ${key} answered ${answers.length} of ${batch.length} requests.`);
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (err) {
      // Every caller's activity attempt fails and is retried with the same request id: the workflow
      // answers a repeated request as it did the first time, so nothing is counted or granted twice.
      for (const w of batch) w.reject(err);
    }
  }

  private async sendRetryingRefusals(key: string, requests: Request[]): Promise<Answer[]> {
    const giveUpAt = this.now() + this.overloadBudgetMs;
    for (let refusals = 0; ; refusals += 1) {
      try {
        return await this.send(key, requests);
      } catch (err) {
        if (!isTransientRefusal(err)) throw err;
        const cap = Math.min(MAX_OVERLOAD_PAUSE_MS, FIRST_OVERLOAD_PAUSE_MS * 2 ** refusals);
        // Jittered between half the cap and the cap: processes refused together retry apart.
        const pause = cap / 2 + this.random() * (cap / 2);
        if (this.now() + pause > giveUpAt) throw err;
        await this.sleep(pause);
      }
    }
  }
}
