/** Offset pages: `{data, hasMore, total}` (spec §1.6). */
export function offsetPage<T, U>(
  items: T[],
  query: { limit: number; offset: number },
  toJson: (item: T) => U,
) {
  const data = items.slice(query.offset, query.offset + query.limit).map(toJson);
  return { data, hasMore: query.offset + data.length < items.length, total: items.length };
}

/**
 * Time-cursor pages, newest first: `before` = strictly older, `after` = strictly newer; `{data, hasMore}`.
 * Timestamps on the wire have whole seconds, so cursors compare at second precision.
 */
export function cursorPage<T, U>(
  items: T[],
  timeOf: (item: T) => number,
  query: { limit: number; before?: string | undefined; after?: string | undefined },
  toJson: (item: T) => U,
) {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const before = query.before ? seconds(Date.parse(query.before)) : undefined;
  const after = query.after ? seconds(Date.parse(query.after)) : undefined;
  const matching = items
    .filter(
      (item) =>
        (before === undefined || seconds(timeOf(item)) < before) &&
        (after === undefined || seconds(timeOf(item)) > after),
    )
    .sort((a, b) => timeOf(b) - timeOf(a));
  const data = matching.slice(0, query.limit).map(toJson);
  return { data, hasMore: matching.length > query.limit };
}
