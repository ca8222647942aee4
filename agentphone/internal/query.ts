/** A query-string value; `undefined` and `null` are left out. */
export type QueryValue = string | number | boolean | null | undefined;

/** Appends defined query values to a URL, in the order given. */
export function appendQuery(url: URL, query: Readonly<Record<string, QueryValue>> | undefined): URL {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
  }
  return url;
}
