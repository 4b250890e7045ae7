import type { ExportColumn } from '../export/index.js';
import type { KubeEventFilter, KubeEventPosition, KubeEventsRepo } from '../store/index.js';
import type { Visibility } from '../fleet/index.js';
import { pageOfEvents, toEventItem } from './event-views.js';
import type { KubeEventItem } from './events.schemas.js';

/** Rows read from the database per page: a long history never sits in memory as text. */
const PAGE = 500;

/** CSV columns, in order. */
export const EVENT_COLUMNS: ReadonlyArray<ExportColumn<KubeEventItem>> = [
  ['cluster', (item) => item.cluster],
  ['cluster_id', (item) => item.cluster_id],
  ['kind', (item) => item.kind],
  ['namespace', (item) => item.namespace],
  ['name', (item) => item.name],
  ['type', (item) => item.type],
  ['reason', (item) => item.reason],
  ['message', (item) => item.message],
  ['count', (item) => item.count],
  ['source', (item) => item.source],
  ['first_seen', (item) => item.first_seen],
  ['last_seen', (item) => item.last_seen],
];

/** Every matching event, newest first, page by page (keyset paging: writes meanwhile neither repeat nor skip rows). */
export async function* exportedEvents(
  repo: KubeEventsRepo,
  filter: KubeEventFilter,
  clusterName: (clusterId: string) => string,
  visibility?: Pick<Visibility, 'object'>,
): AsyncGenerator<KubeEventItem> {
  let after: KubeEventPosition | undefined;
  do {
    const page = await pageOfEvents(repo, filter, after, PAGE, visibility);
    for (const row of page.rows) yield toEventItem(row, clusterName);
    after = page.next ?? undefined;
    // Let requests and watch events in between pages.
    if (after) await new Promise<void>((resolve) => setImmediate(resolve));
  } while (after);
}
