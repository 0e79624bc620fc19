import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { api, type RequestOptions } from "./client";

// usePages pages a list through the API's cursors (next_cursor), for a "load
// more" button; items are every page so far. extra holds the first page's
// other fields (the notifications' unread count).
export function usePages<T, P extends { items: T[]; next_cursor?: string | null } = { items: T[]; next_cursor?: string | null }>(
  key: QueryKey, path: string, query: RequestOptions["query"] = {}, opts: { limit?: number; enabled?: boolean } = {},
) {
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api<P>(path, { query: { ...query, cursor: pageParam, limit: opts.limit ?? 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: opts.enabled,
  });
  return { ...list, items: list.data?.pages.flatMap((p) => p.items) ?? [], first: list.data?.pages[0] };
}

// useUrlFilters keeps a page's filters in the address, so a filtered list can
// be opened from elsewhere (the dashboard's bars) and shared.
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
  const set = (k: K, v?: string | null) => setParams((p) => {
    const n = new URLSearchParams(p);
    if (v) n.set(k, v);
    else n.delete(k);
    return n;
  }, { replace: true });
  return { filters, set };
}
