import { EMPTY_EVENT_FILTER, SINCE_WINDOWS, type EventFilter } from '../api/events.js';

/**
 * The events page keeps its filter in the URL (`/events?kind=HelmRelease&type=Warning&since=1h`),
 * lists comma-separated as the API takes them. `since` is a window (`15m`, `1h`, `6h`, `24h`,
 * `7d`: counted back from when the list loads) or an ISO time.
 */

const LIST_KEYS = ['cluster', 'kind', 'namespace', 'name', 'reason'] as const;

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function parseEventFilter(search: string): EventFilter {
  const params = new URLSearchParams(search);
  const type = params.get('type');
  const since = (params.get('since') ?? '').trim();
  return {
    cluster: list(params.get('cluster')),
    kind: list(params.get('kind')),
    namespace: list(params.get('namespace')),
    name: list(params.get('name')),
    reason: list(params.get('reason')),
    type: type === 'Warning' || type === 'Normal' ? type : '',
    q: params.get('q') ?? '',
    since: Object.hasOwn(SINCE_WINDOWS, since) || !Number.isNaN(Date.parse(since)) ? since : '',
  };
}

/** The query string (no `?`), defaults left out, in a stable order. */
export function formatEventFilter(filter: EventFilter): string {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) if (filter[key].length > 0) params.set(key, filter[key].join(','));
  if (filter.type) params.set('type', filter.type);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.since) params.set('since', filter.since);
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

export const isEventFiltered = (filter: EventFilter): boolean => formatEventFilter(filter) !== '';

/** `/events?…` for a filter: links from an object's page and elsewhere. */
export const eventsHref = (filter: Partial<EventFilter>): string => {
  const query = formatEventFilter({ ...EMPTY_EVENT_FILTER, ...filter });
  return `/events${query ? `?${query}` : ''}`;
};

/** Comma-separated text from an input, as a list (blank entries dropped). */
export const splitList = (text: string): string[] => list(text);
