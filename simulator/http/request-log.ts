/** One request the simulator answered (the control API's `GET /_sim/requests`). */
export interface LoggedRequest {
  requestId: string;
  at: string;
  method: string;
  path: string;
  status: number;
  /** True when a commit-then-drop fault cut the connection instead of answering. */
  dropped: boolean;
  requestBody: unknown;
  responseBody: unknown;
}

/** A bounded in-memory log of API requests with bodies; control-API requests are left out. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly capacity = 2000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): LoggedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
