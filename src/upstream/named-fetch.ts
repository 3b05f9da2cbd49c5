/**
 * fetch for remote servers, whose failures name the URL and the reason: a
 * refused or unresolvable address otherwise reaches the user as the bare
 * "fetch failed" of undici (Node), with the cause hidden in `err.cause`.
 * An abort (a cancelled call, a closing transport) is passed on as it is.
 */
export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

function reason(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error && cause.message !== "") return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export function namedFetch(base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    try {
      return await base(url, init);
    } catch (err) {
      if (init?.signal?.aborted === true) throw err;
      throw new Error(`cannot reach ${String(url)}: ${reason(err)}`, { cause: err });
    }
  };
}
