import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import type { paths } from './generated/schema.js';
import { api, unwrap, type Schema } from './client.js';

/** Kubernetes events kept across the fleet: `/api/v1/events`, its export, and live additions. */

export type KubeEventItem = Schema<'KubeEventItem'>;
export type KubeEventList = Schema<'KubeEventList'>;
export type EventListQuery = NonNullable<paths['/api/v1/events']['get']['parameters']['query']>;
export type EventExportQuery = NonNullable<paths['/api/v1/events/export']['get']['parameters']['query']>;
export type EventType = NonNullable<EventListQuery['type']>;

/** Workload kinds whose Warning events are kept (besides every Flux kind's events). */
export const WORKLOAD_EVENT_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job', 'CronJob'];

/** Relative windows the page offers for `since`; the URL keeps the window, not a fixed time. */
export const SINCE_WINDOWS = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type SinceWindow = keyof typeof SINCE_WINDOWS;

/** What the events page shows; lists are OR within, filters AND across (as the API takes them). */
export interface EventFilter {
  cluster: string[];
  kind: string[];
  namespace: string[];
  name: string[];
  reason: string[];
  type: EventType | '';
  q: string;
  /** A window (`1h`) or an ISO time; empty for no bound. */
  since: string;
}

export const EMPTY_EVENT_FILTER: EventFilter = { cluster: [], kind: [], namespace: [], name: [], reason: [], type: '', q: '', since: '' };

const isWindow = (since: string): since is SinceWindow => Object.hasOwn(SINCE_WINDOWS, since);

/** `since` as an ISO time at `now` (a window counts back from now); undefined when unset or unreadable. */
export function sinceTime(since: string, now = Date.now()): string | undefined {
  if (!since) return undefined;
  if (isWindow(since)) return new Date(now - SINCE_WINDOWS[since]).toISOString();
  const time = Date.parse(since);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const csv = (values: readonly string[]): string | undefined => (values.length > 0 ? values.join(',') : undefined);

/** The API's filter parameters for a filter (shared by the list and the export). */
export function eventFilterQuery(filter: EventFilter, now = Date.now()) {
  return {
    cluster: csv(filter.cluster),
    kind: csv(filter.kind),
    namespace: csv(filter.namespace),
    name: csv(filter.name),
    reason: csv(filter.reason),
    type: filter.type || undefined,
    q: filter.q.trim() || undefined,
    since: sinceTime(filter.since, now),
  } satisfies EventExportQuery;
}

/** `/api/v1/events/export?format=…&<filters>`: the file the browser downloads. */
export function eventsExportHref(filter: EventFilter, format: 'csv' | 'json'): string {
  const query: EventExportQuery = { format, ...eventFilterQuery(filter) };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return `/api/v1/events/export?${params.toString()}`;
}

export const eventKeys = {
  all: ['events'] as const,
  lists: () => [...eventKeys.all, 'list'] as const,
  list: (filter: EventFilter) => [...eventKeys.lists(), filter] as const,
};

export type EventPages = InfiniteData<KubeEventList, string | undefined>;

export const EVENT_PAGE_SIZE = 100;

/**
 * When each list's window (`since=1h`) was counted from: set by its first page, so "Load more"
 * continues the same window instead of one that moved on meanwhile.
 */
const windowStart = new Map<string, number>();

/** Newest first, a page at a time; the next page only when asked ("Load more"). */
export function useEventList(filter: EventFilter) {
  return useInfiniteQuery({
    queryKey: eventKeys.list(filter),
    queryFn: ({ pageParam, signal }) => {
      const key = JSON.stringify(filter);
      if (pageParam === undefined || !windowStart.has(key)) windowStart.set(key, Date.now());
      const query = { ...eventFilterQuery(filter, windowStart.get(key)), limit: EVENT_PAGE_SIZE, cursor: pageParam };
      return unwrap(api.GET('/api/v1/events', { params: { query }, signal }));
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

const sameKind = (value: string, kind: string): boolean => value.toLowerCase() === kind.toLowerCase() || findFluxKind(value)?.kind === kind;

/**
 * Whether a live event belongs in a list with this filter, by the server's rules: kinds in any
 * spelling the catalog knows, `q` in message, reason or name (case-insensitive), `since` on
 * `last_seen`; cluster by id or name.
 */
export function matchesEventFilter(item: KubeEventItem, filter: EventFilter, now = Date.now()): boolean {
  if (filter.cluster.length > 0 && !filter.cluster.some((value) => value === item.cluster_id || value.toLowerCase() === item.cluster.toLowerCase())) return false;
  if (filter.kind.length > 0 && !filter.kind.some((value) => sameKind(value, item.kind))) return false;
  if (filter.namespace.length > 0 && !filter.namespace.includes(item.namespace)) return false;
  if (filter.name.length > 0 && !filter.name.includes(item.name)) return false;
  if (filter.reason.length > 0 && !filter.reason.includes(item.reason)) return false;
  if (filter.type && item.type !== filter.type) return false;
  const text = filter.q.trim().toLowerCase();
  if (text && !`${item.message}\n${item.reason}\n${item.name}`.toLowerCase().includes(text)) return false;
  const since = sinceTime(filter.since, now);
  if (since && Date.parse(item.last_seen) < Date.parse(since)) return false;
  return true;
}

/** An event arrived (new or repeated): it goes to the top of the first page, once. */
export function prependEvent(pages: EventPages, item: KubeEventItem): EventPages {
  const without = pages.pages.map((page) => (page.items.some((existing) => existing.id === item.id) ? { ...page, items: page.items.filter((existing) => existing.id !== item.id) } : page));
  const [first, ...rest] = without;
  if (!first) return pages;
  return { ...pages, pages: [{ ...first, items: [item, ...first.items] }, ...rest] };
}
