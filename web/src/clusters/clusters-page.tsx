import { useCan } from '../auth/permissions.js';
import { Link, useLocation, useSearch } from 'wouter';
import { useClusters, useToggleFavorite, type Cluster } from '../api/clusters.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { Icon } from '../components/icons.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { filterAndSortClusters, healthOf, healthReasonOf, isUnhealthy, type HealthFilter, type SourceFilter } from './cluster-list.js';
import { ClusterSource } from './cluster-source.js';
import { NoClustersYet } from './no-clusters-yet.js';

const HEALTH_FILTERS: Array<[HealthFilter, string]> = [
  ['all', 'All health'],
  ['unhealthy', 'Unhealthy'],
  ['failing', 'Flux failing'],
  ['healthy', 'Healthy'],
  ['degraded', 'Degraded'],
  ['unauthorized', 'Unauthorized'],
  ['unreachable', 'Unreachable'],
  ['unchecked', 'Not checked'],
];
const SOURCE_FILTERS: Array<[SourceFilter, string]> = [
  ['all', 'All sources'],
  ['kubeconfig', 'Manual'],
  ['aks', 'AKS'],
];

/** Filters live in the URL so a filtered view can be shared and survives reload. */
function useClusterFilter() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const filter = {
    search: params.get('q') ?? '',
    health: (HEALTH_FILTERS.find(([key]) => key === params.get('health'))?.[0] ?? 'all') as HealthFilter,
    source: (SOURCE_FILTERS.find(([key]) => key === params.get('source'))?.[0] ?? 'all') as SourceFilter,
  };
  const update = (key: 'q' | 'health' | 'source', value: string) => {
    const next = new URLSearchParams(search);
    if (!value || value === 'all') next.delete(key);
    else next.set(key, value);
    const query = next.toString();
    navigate(`${location}${query ? `?${query}` : ''}`, { replace: true });
  };
  return { filter, update };
}

export default function ClustersPage() {
  const clusters = useClusters();
  const { filter, update } = useClusterFilter();
  const visible = filterAndSortClusters(clusters.data?.items ?? [], filter);
  const total = clusters.data?.items.length ?? 0;
  const canAdd = useCan('clusters:write');

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Clusters</h1>
          <p>Every registered cluster with its health. Favorites stay on top.</p>
        </div>
        {canAdd && (
          <Link href="/clusters/new" className="button primary">
            <Icon name="plus" /> Add cluster
          </Link>
        )}
      </div>
      {clusters.isPending && <Loading label="Loading clusters…" />}
      {clusters.isError && <ErrorAlert title="Could not load clusters" error={clusters.error} onRetry={() => void clusters.refetch()} />}
      {clusters.data && total === 0 && <NoClustersYet />}
      {clusters.data && total > 0 && (
        <div className="card">
          <div className="toolbar" role="search">
            <label className="visually-hidden" htmlFor="cluster-search">
              Search clusters
            </label>
            <input id="cluster-search" className="input search" type="search" placeholder="Search name, label, resource group…" value={filter.search} onChange={(event) => update('q', event.target.value)} />
            <label className="visually-hidden" htmlFor="cluster-health-filter">
              Filter by health
            </label>
            <select id="cluster-health-filter" className="select" value={filter.health} onChange={(event) => update('health', event.target.value)}>
              {HEALTH_FILTERS.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
            <label className="visually-hidden" htmlFor="cluster-source-filter">
              Filter by source
            </label>
            <select id="cluster-source-filter" className="select" value={filter.source} onChange={(event) => update('source', event.target.value)}>
              {SOURCE_FILTERS.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
            <span className="count" aria-live="polite">
              {visible.length === total ? `${total} clusters` : `${visible.length} of ${total} clusters`}
            </span>
          </div>
          {visible.length === 0 ? (
            <EmptyState title="No cluster matches" actions={<Link href="/clusters" className="button">Clear filters</Link>}>
              Nothing matches these filters. Try another search or clear them.
            </EmptyState>
          ) : (
            <ClusterTable clusters={visible} />
          )}
        </div>
      )}
    </>
  );
}

function ClusterTable({ clusters }: { clusters: Cluster[] }) {
  const toggleFavorite = useToggleFavorite();
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Clusters">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Favorite</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Health</th>
            <th scope="col" className="hide-narrow">
              Versions
            </th>
            <th scope="col" className="hide-narrow">
              Source
            </th>
            <th scope="col" className="hide-narrow">
              Labels
            </th>
            <th scope="col" className="hide-narrow">
              Last check
            </th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((cluster) => {
            const health = healthOf(cluster);
            return (
              <tr key={cluster.id} data-cluster={cluster.name}>
                <td style={{ width: 28, paddingRight: 0 }}>
                  <button
                    type="button"
                    className="star-button"
                    aria-pressed={cluster.favorite}
                    aria-label={cluster.favorite ? `Unpin ${cluster.name} from favorites` : `Pin ${cluster.name} to favorites`}
                    onClick={() => toggleFavorite.mutate({ id: cluster.id, favorite: !cluster.favorite })}
                  >
                    <Icon name="star" filled={cluster.favorite} />
                  </button>
                </td>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(cluster.id)}`} className="cell-title cluster-name">
                    {cluster.name}
                  </Link>
                  <div className="cell-sub mono hide-narrow server-cell" title={cluster.server}>
                    {cluster.server}
                  </div>
                </td>
                <td className="health-cell">
                  <StatusBadge status={health} title={healthReasonOf(cluster)} />
                  {isUnhealthy(health) && healthReasonOf(cluster) && (
                    <div className="cell-sub" title={healthReasonOf(cluster)}>
                      {healthReasonOf(cluster)}
                    </div>
                  )}
                </td>
                <td className="hide-narrow nowrap">
                  <div className="mono" title="Kubernetes version">
                    {cluster.health?.kubernetes_version ?? <span className="faint">—</span>}
                  </div>
                  {cluster.health?.flux_version && (
                    <div className="cell-sub mono" title="Flux version">
                      Flux {cluster.health.flux_version}
                    </div>
                  )}
                </td>
                <td className="hide-narrow">
                  <ClusterSource cluster={cluster} compact />
                </td>
                <td className="hide-narrow labels-cell">
                  <LabelChips labels={cluster.labels} />
                </td>
                <td className="hide-narrow nowrap">
                  <RelativeTime iso={cluster.health?.checked_at} fallback="never" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The first labels as chips; the rest folded into "+N" (all of them on hover, and on the cluster's
 * page) to keep rows short. A long chip shortens its key first: the value is what tells clusters
 * apart (`az…=westeurope`).
 */
function LabelChips({ labels, max = 2 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="faint">—</span>;
  return (
    <span title={entries.map(([key, value]) => `${key}=${value}`).join('\n')}>
      {entries.slice(0, max).map(([key, value]) => (
        <span className="chip label-chip" key={key}>
          <span className="label-key">{key}</span>
          <span className="label-value">={value}</span>
        </span>
      ))}
      {entries.length > max && <span className="chip">+{entries.length - max}</span>}
    </span>
  );
}
