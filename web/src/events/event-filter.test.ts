import { describe, expect, it } from 'vitest';
import { EMPTY_EVENT_FILTER, eventFilterQuery, eventsExportHref, matchesEventFilter, prependEvent, sinceTime, type EventPages, type KubeEventItem } from '../api/events.js';
import { eventsHref, formatEventFilter, isEventFiltered, parseEventFilter } from './event-filter.js';

const event = (overrides: Partial<KubeEventItem> = {}): KubeEventItem => ({
  id: 'c1/uid-1',
  cluster_id: 'c1',
  cluster: 'prod-eu',
  kind: 'HelmRelease',
  namespace: 'apps',
  name: 'podinfo',
  type: 'Warning',
  reason: 'UpgradeFailed',
  message: 'Helm upgrade failed: timed out waiting for the condition',
  count: 1,
  source: 'helm-controller',
  first_seen: '2026-02-01T10:00:00Z',
  last_seen: '2026-02-01T10:00:00Z',
  ...overrides,
});

describe('events filter in the URL', () => {
  it('round-trips every field, lists comma-separated, defaults left out', () => {
    const filter = { cluster: ['c1', 'c2'], kind: ['HelmRelease'], namespace: ['apps'], name: ['podinfo'], reason: ['UpgradeFailed', 'InstallFailed'], type: 'Warning' as const, q: 'timed out', since: '1h' };
    const text = formatEventFilter(filter);
    expect(text).toBe('cluster=c1,c2&kind=HelmRelease&namespace=apps&name=podinfo&reason=UpgradeFailed,InstallFailed&type=Warning&q=timed+out&since=1h');
    expect(parseEventFilter(`?${text}`)).toEqual(filter);
    expect(formatEventFilter(EMPTY_EVENT_FILTER)).toBe('');
    expect(isEventFiltered(EMPTY_EVENT_FILTER)).toBe(false);
    expect(eventsHref({ cluster: ['c1'], kind: ['Kustomization'], namespace: ['flux-system'], name: ['apps'] })).toBe('/events?cluster=c1&kind=Kustomization&namespace=flux-system&name=apps');
  });

  it('takes an ISO time or a known window for since, and ignores anything else (and unknown types)', () => {
    expect(parseEventFilter('since=2026-02-01T10:00:00Z').since).toBe('2026-02-01T10:00:00Z');
    expect(parseEventFilter('since=yesterday&type=Error').since).toBe('');
    expect(parseEventFilter('type=Error').type).toBe('');
    const now = Date.parse('2026-02-01T12:00:00Z');
    expect(sinceTime('1h', now)).toBe('2026-02-01T11:00:00.000Z');
    expect(sinceTime('', now)).toBeUndefined();
  });

  it('sends the same filters to the list and the export, the window as a time', () => {
    const filter = { ...EMPTY_EVENT_FILTER, kind: ['hr'], type: 'Warning' as const, since: '24h' };
    const now = Date.parse('2026-02-02T00:00:00Z');
    expect(eventFilterQuery(filter, now)).toEqual({ cluster: undefined, kind: 'hr', namespace: undefined, name: undefined, reason: undefined, type: 'Warning', q: undefined, since: '2026-02-01T00:00:00.000Z' });
    expect(eventsExportHref({ ...EMPTY_EVENT_FILTER, namespace: ['apps'] }, 'csv')).toBe('/api/v1/events/export?format=csv&namespace=apps');
  });
});

describe('live events against a filter', () => {
  it('matches by the server’s rules: kinds in any spelling, cluster by id or name, q in message, reason or name', () => {
    const item = event();
    expect(matchesEventFilter(item, EMPTY_EVENT_FILTER)).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, kind: ['hr'] })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, kind: ['helmreleases'] })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, kind: ['Kustomization'] })).toBe(false);
    expect(matchesEventFilter(event({ kind: 'Pod' }), { ...EMPTY_EVENT_FILTER, kind: ['pod'] })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, cluster: ['PROD-EU'] })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, cluster: ['c2'] })).toBe(false);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, q: 'TIMED OUT' })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, q: 'podinfo' })).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, q: 'apps' })).toBe(false);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, type: 'Normal' })).toBe(false);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, reason: ['UpgradeFailed'], namespace: ['apps'], name: ['podinfo'] })).toBe(true);
    const now = Date.parse('2026-02-01T10:30:00Z');
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, since: '1h' }, now)).toBe(true);
    expect(matchesEventFilter(item, { ...EMPTY_EVENT_FILTER, since: '15m' }, now)).toBe(false);
  });

  it('puts a new or repeated event at the top of the first page, once', () => {
    const pages: EventPages = {
      pageParams: [undefined, 'cursor-1'],
      pages: [
        { items: [event({ id: 'c1/a' }), event({ id: 'c1/b' })], next_cursor: 'cursor-1' },
        { items: [event({ id: 'c1/c' })], next_cursor: null },
      ],
    };
    const repeated = prependEvent(pages, event({ id: 'c1/c', count: 2 }));
    expect(repeated.pages.map((page) => page.items.map((item) => item.id))).toEqual([['c1/c', 'c1/a', 'c1/b'], []]);
    expect(repeated.pages[0]!.items[0]!.count).toBe(2);
    expect(prependEvent(pages, event({ id: 'c1/new' })).pages[0]!.items.map((item) => item.id)).toEqual(['c1/new', 'c1/a', 'c1/b']);
  });
});
