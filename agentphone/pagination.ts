/**
 * One page type over AgentPhone's five list shapes (§1.6): offset with `hasMore`, offset without it
 * (agents), time cursor (messages), the delivery log `{items,total,offset,limit}`, and a bare array.
 * `list()` methods return a {@link PagePromise}: `await` it for one page, `for await` it for every item.
 */

/** One page of a list. */
export interface Page<T> {
  readonly data: T[];
  /** Whether another page follows (derived from `total` where the API does not say). */
  readonly hasMore: boolean;
  /** The total count, where the endpoint reports one. */
  readonly total: number | undefined;
  /** Fetches the following page, or resolves `undefined` after the last one. */
  nextPage(): Promise<Page<T> | undefined>;
}

/**
 * A lazily fetched first page that is also an async iterable over every item of every page.
 *
 * @example
 * const first = await client.calls.list({ limit: 50 });   // one page
 * for await (const call of client.calls.list()) { ... }    // every call, page after page
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #load: () => Promise<Page<T>>;
  #loaded: Promise<Page<T>> | undefined;

  constructor(load: () => Promise<Page<T>>) {
    this.#load = load;
  }

  #first(): Promise<Page<T>> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  then<R1 = Page<T>, R2 = never>(
    onFulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#first().then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> | undefined = await this.#first();
    while (page) {
      yield* page.data;
      page = await page.nextPage();
    }
  }
}

/** How to read one list shape: items, whether more follow, and the parameters of the next page. */
export interface PageShape<Raw, Item, Params> {
  items(raw: Raw): Item[];
  total(raw: Raw): number | undefined;
  hasMore(raw: Raw, params: Params): boolean;
  next(raw: Raw, params: Params): Params;
}

/** Builds a {@link PagePromise} from a fetch function and a shape. */
export function paginate<Raw, Item, Params>(
  fetchPage: (params: Params) => Promise<Raw>,
  shape: PageShape<Raw, Item, Params>,
  params: Params,
): PagePromise<Item> {
  const load = async (current: Params): Promise<Page<Item>> => {
    const raw = await fetchPage(current);
    const data = shape.items(raw);
    // An empty page ends the walk whatever the server claims, so a wrong `hasMore` cannot loop forever.
    const hasMore = data.length > 0 && shape.hasMore(raw, current);
    return {
      data,
      hasMore,
      total: shape.total(raw),
      nextPage: async () => (hasMore ? load(shape.next(raw, current)) : undefined),
    };
  };
  return new PagePromise(() => load(params));
}

interface OffsetParams {
  limit?: number | undefined;
  offset?: number | undefined;
}

/** `{data, hasMore, total}` lists; without `hasMore` (agents), "more" is `offset + data.length < total`. */
export function offsetShape<Item, Params extends OffsetParams>(): PageShape<
  { data: Item[]; hasMore?: boolean | undefined; total?: number | undefined },
  Item,
  Params
> {
  return {
    items: (raw) => raw.data,
    total: (raw) => raw.total,
    hasMore: (raw, params) => raw.hasMore ?? (params.offset ?? 0) + raw.data.length < (raw.total ?? 0),
    next: (raw, params) => ({ ...params, offset: (params.offset ?? 0) + raw.data.length }),
  };
}

interface CursorParams {
  limit?: number | undefined;
  before?: string | undefined;
  after?: string | undefined;
}

/**
 * `{data, hasMore}` message lists, newest first: the next page is `before` the oldest `receivedAt` seen
 * (exclusive), keeping any `after` bound the caller set.
 */
export function cursorShape<Item extends { receivedAt: string }, Params extends CursorParams>(): PageShape<
  { data: Item[]; hasMore: boolean },
  Item,
  Params
> {
  return {
    items: (raw) => raw.data,
    total: () => undefined,
    hasMore: (raw) => raw.hasMore,
    next: (raw, params) => ({ ...params, before: oldest(raw.data) }),
  };
}

function oldest(items: { receivedAt: string }[]): string | undefined {
  let result: { at: number; value: string } | undefined;
  for (const { receivedAt } of items) {
    const at = Date.parse(receivedAt);
    if (!result || at < result.at) result = { at, value: receivedAt };
  }
  return result?.value;
}

/** The delivery log `{items, total, offset, limit}`. */
export function deliveryLogShape<Item, Params extends OffsetParams>(): PageShape<
  { items: Item[]; total: number; offset: number; limit: number },
  Item,
  Params
> {
  return {
    items: (raw) => raw.items,
    total: (raw) => raw.total,
    hasMore: (raw) => raw.offset + raw.items.length < raw.total,
    next: (raw, params) => ({ ...params, offset: raw.offset + raw.items.length }),
  };
}

/** A bare JSON array: always a single page (the endpoint takes no offset). */
export function bareArrayShape<Item, Params>(): PageShape<Item[], Item, Params> {
  return {
    items: (raw) => raw,
    total: () => undefined,
    hasMore: () => false,
    next: (_raw, params) => params,
  };
}
