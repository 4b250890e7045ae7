import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { EMPTY_FILTER, FLUX_STATUSES, addressOf, resourcePath, useResourceList, useResourceSummary, type ResourceFilter, type ResourceItem, type ResourceSummary } from '../api/resources.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { fluxBadge, labelOf, toneOf } from '../components/status-badge.js';
import { resourcesHref } from '../resources/resource-filter.js';

/** How many failing objects the dashboard lists (the Resources page has them all). */
export const FAILING_NOW_LIMIT = 10;
const FAILING: ResourceFilter = { ...EMPTY_FILTER, status: ['failed'] };

/** "Failing now": the fleet's failing Flux objects, newest failure first, live from the stream. */
export function FailingNow() {
  const failing = useResourceList(FAILING, { limit: FAILING_NOW_LIMIT });
  const page = failing.data?.pages[0];
  const total = page?.total ?? 0;
  const [fresh, dismiss] = useNewFailures(page?.items);
  return (
    <>
      {fresh.length > 0 && (
        <div className="alert new-failures" data-tone="err" role="status" aria-label="New failures">
          <div className="alert-body">
            <span className="alert-title">{fresh.length === 1 ? 'A Flux object started failing' : `${fresh.length} Flux objects started failing`}</span>
            <span>
              {fresh.map((item, index) => (
                <span key={`${item.id}@${item.status_since}`}>
                  {index > 0 && ', '}
                  <Link href={resourcePath(addressOf(item))}>{item.name}</Link> on {item.cluster} ({item.reason})
                </span>
              ))}
            </span>
          </div>
          <button type="button" className="button small ghost" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      <section className="card" aria-labelledby="failing-title">
        <div className="card-header">
          <h2 id="failing-title">Failing now</h2>
          {page && total > 0 && (
            <Link href={resourcesHref({ status: ['failed'] })} className="small">
              {total > (page.items.length ?? 0) ? `All ${total} failing →` : `${total} failing`}
            </Link>
          )}
        </div>
        {failing.isPending && <Loading label="Loading failing objects…" />}
        {failing.isError && (
          <div className="card-body">
            <ErrorAlert title="Could not load failing objects" error={failing.error} onRetry={() => void failing.refetch()} />
          </div>
        )}
        {page && page.items.length === 0 && <EmptyState title="No Flux object is failing">Every object the clusters report is ready, progressing or suspended.</EmptyState>}
        {page && page.items.length > 0 && (
          <div className="table-wrap">
            <table className="data" aria-label="Failing Flux objects">
              <thead>
                <tr>
                  <th scope="col">Object</th>
                  <th scope="col" className="hide-narrow">
                    Cluster
                  </th>
                  <th scope="col">Since</th>
                  <th scope="col" className="hide-narrow">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={item.id} data-object={`${item.kind}/${item.namespace}/${item.name}`}>
                    <td>
                      <Link href={resourcePath(addressOf(item))} className="cell-title">
                        {item.name}
                      </Link>
                      <div className="cell-sub">
                        {item.kind} · {item.namespace}
                        <span className="show-narrow"> · {item.cluster}</span>
                      </div>
                      {/* On a phone the reason column is folded in here: why it fails matters most. */}
                      <div className="cell-sub wrap show-narrow" title={item.message}>
                        <strong>{item.reason}</strong>
                        {item.message && `: ${item.message}`}
                      </div>
                    </td>
                    <td className="hide-narrow">
                      <Link href={`/clusters/${encodeURIComponent(item.cluster_id)}`} className="cell-link">
                        {item.cluster}
                      </Link>
                    </td>
                    <td>
                      <RelativeTime iso={item.status_since} ticking />
                      {item.stale && (
                        <div>
                          <span className="chip stale-chip" title="Its cluster is not being watched right now: this is the last known state">
                            stale
                          </span>
                        </div>
                      )}
                    </td>
                    <td className="hide-narrow">
                      <div className="strong">{item.reason}</div>
                      <div className="cell-sub" title={item.message}>
                        {item.message}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/**
 * Failures that start while the dashboard is open (not those there when it loaded), newest
 * first, until dismissed: an object that recovers and fails again counts again (its `status_since` moved).
 */
function useNewFailures(items: readonly ResourceItem[] | undefined): [ResourceItem[], () => void] {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ResourceItem[]>([]);
  useEffect(() => {
    if (!items) return;
    const keys = items.map((item) => `${item.id}@${item.status_since}`);
    if (seen.current === null) {
      seen.current = new Set(keys);
      return;
    }
    const known = seen.current;
    const added = items.filter((_, index) => !known.has(keys[index]!));
    if (added.length === 0) return;
    for (const key of keys) known.add(key);
    setFresh((previous) => [...added, ...previous.filter((old) => !added.some((item) => item.id === old.id))].slice(0, 5));
  }, [items]);
  return [fresh, () => setFresh([])];
}

/** Counts of every Flux object by status and by kind, each a link to the matching list. */
export function FluxCounts() {
  const summary = useResourceSummary();
  if (summary.isPending) return <Loading label="Counting Flux objects…" />;
  if (summary.isError) return <ErrorAlert title="Could not count Flux objects" error={summary.error} onRetry={() => void summary.refetch()} />;
  return <FluxCountsView summary={summary.data} />;
}

function FluxCountsView({ summary }: { summary: ResourceSummary }) {
  const { totals } = summary;
  return (
    <>
        <div className="stats flux-stats" aria-label="Flux objects by status">
          <Link href="/resources" className="stat">
            <span className="stat-label">Flux objects</span>
            <span className="stat-value">{totals.total}</span>
          </Link>
          {FLUX_STATUSES.map((status) => (
            <Link key={status} href={resourcesHref({ status: [status] })} className="stat" aria-label={`${totals[status]} ${labelOf(fluxBadge(status))}`} data-status={status}>
              <span className="stat-label">
                <span className="dot" data-tone={toneOf(fluxBadge(status))} aria-hidden="true" />
                {labelOf(fluxBadge(status))}
              </span>
              <span className="stat-value">{totals[status]}</span>
            </Link>
          ))}
        </div>
        {summary.kinds.length > 0 && (
          <section className="card" aria-labelledby="kinds-title">
            <div className="card-header">
              <h2 id="kinds-title">By kind</h2>
              <span className="muted small">Kinds with failures first</span>
            </div>
            <div className="table-wrap">
              <table className="data" aria-label="Flux objects by kind and status">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    {FLUX_STATUSES.map((status) => (
                      <th key={status} scope="col" className={`num${status === 'failed' || status === 'ready' ? '' : ' hide-narrow'}`}>
                        {labelOf(fluxBadge(status))}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {summary.kinds.map(({ kind, by_status: counts }) => (
                    <tr key={kind}>
                      <td>
                        <Link href={resourcesHref({ kind: [kind] })} className="cell-title">
                          {kind}
                        </Link>
                      </td>
                      {FLUX_STATUSES.map((status) => (
                        <td key={status} className={`num${status === 'failed' || status === 'ready' ? '' : ' hide-narrow'}`}>
                          {counts[status] > 0 ? (
                            <Link href={resourcesHref({ kind: [kind], status: [status] })} aria-label={`${counts[status]} ${labelOf(fluxBadge(status))} ${kind}`} className="count-link" data-tone={toneOf(fluxBadge(status))}>
                              {counts[status]}
                            </Link>
                          ) : (
                            <span className="faint">0</span>
                          )}
                        </td>
                      ))}
                      <td className="num">{counts.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
    </>
  );
}

