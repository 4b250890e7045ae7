import { Link } from 'wouter';
import { useClusters } from '../api/clusters.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge, labelOf, toneOf } from '../components/status-badge.js';
import { countByHealth, healthOf, healthReasonOf, isUnhealthy, sortBySeverity, type HealthKey } from '../clusters/cluster-list.js';
import { ClusterSource } from '../clusters/cluster-source.js';
import { NoClustersYet } from '../clusters/no-clusters-yet.js';
import { FailingNow, FluxCounts } from './flux-overview.js';

const ORDER: HealthKey[] = ['healthy', 'failing', 'degraded', 'unauthorized', 'unreachable', 'unchecked'];

/**
 * The fleet at a glance, failures first: the Flux objects failing now and the counts by status and
 * kind (live), then cluster health with the clusters that need attention and their reason.
 */
export default function DashboardPage() {
  const clusters = useClusters();
  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>Dashboard</h1>
          <p>Fleet health at a glance: what is failing now, then the clusters that need attention.</p>
        </div>
      </div>
      {clusters.isPending && <Loading />}
      {clusters.isError && <ErrorAlert title="Could not load clusters" error={clusters.error} onRetry={() => void clusters.refetch()} />}
      {clusters.data && clusters.data.items.length === 0 && <NoClustersYet />}
      {clusters.data && clusters.data.items.length > 0 && (
        <>
          <FailingNow />
          <h2 className="section-title">Flux objects</h2>
          <FluxCounts />
          <h2 className="section-title">Clusters</h2>
          <FleetOverview clusters={clusters.data.items} />
        </>
      )}
    </>
  );
}

function FleetOverview({ clusters }: { clusters: Parameters<typeof sortBySeverity>[0] }) {
  const counts = countByHealth(clusters);
  const sorted = sortBySeverity(clusters);
  const attention = sorted.filter((cluster) => isUnhealthy(healthOf(cluster)));
  const rest = sorted.filter((cluster) => !isUnhealthy(healthOf(cluster)));
  return (
    <>
      <div className="stats cluster-stats">
        <Link href="/clusters" className="stat">
          <span className="stat-label">Clusters</span>
          <span className="stat-value">{clusters.length}</span>
        </Link>
        {ORDER.map((key) => (
          <Link key={key} href={`/clusters?health=${key}`} className="stat" aria-label={`${counts[key]} ${labelOf(key)}`}>
            <span className="stat-label">
              <span className="dot" data-tone={toneOf(key)} aria-hidden="true" />
              {labelOf(key)}
            </span>
            <span className="stat-value">{counts[key]}</span>
          </Link>
        ))}
      </div>
      <div className="health-bar" role="img" aria-label={ORDER.map((key) => `${counts[key]} ${labelOf(key).toLowerCase()}`).join(', ')}>
        {ORDER.map((key) => counts[key] > 0 && <span key={key} data-tone={toneOf(key)} style={{ width: `${(counts[key] / clusters.length) * 100}%` }} />)}
      </div>

      <section className="card" aria-labelledby="attention-title">
        <div className="card-header">
          <h2 id="attention-title">Needs attention</h2>
          <span className="muted">{attention.length === 0 ? 'All checked clusters are healthy' : `${attention.length} unhealthy`}</span>
        </div>
        {attention.length === 0 ? (
          <EmptyState title="Nothing needs attention">Every checked cluster is healthy.</EmptyState>
        ) : (
          <ClusterHealthTable clusters={attention} label="Unhealthy clusters" showReason />
        )}
      </section>
      {rest.length > 0 && (
        <section className="card" aria-labelledby="healthy-title">
          <div className="card-header">
            <h2 id="healthy-title">Other clusters</h2>
            <span className="muted">{rest.length}</span>
          </div>
          <ClusterHealthTable clusters={rest} label="Other clusters" />
        </section>
      )}
    </>
  );
}

function ClusterHealthTable({ clusters, label, showReason = false }: { clusters: ReturnType<typeof sortBySeverity>; label: string; showReason?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Health</th>
            {showReason && <th scope="col">Reason</th>}
            <th scope="col" className="hide-narrow">
              Kubernetes
            </th>
            <th scope="col" className="hide-narrow">
              Flux
            </th>
            <th scope="col" className="hide-narrow">
              Source
            </th>
            <th scope="col" className="hide-narrow">
              Last check
            </th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((cluster) => (
            <tr key={cluster.id}>
              <td>
                <Link href={`/clusters/${encodeURIComponent(cluster.id)}`} className="cell-title">
                  {cluster.name}
                </Link>
              </td>
              <td>
                <StatusBadge status={healthOf(cluster)} title={healthReasonOf(cluster)} />
              </td>
              {showReason && <td className="muted">{healthReasonOf(cluster) ?? '—'}</td>}
              <td className="hide-narrow mono">{cluster.health?.kubernetes_version ?? '—'}</td>
              <td className="hide-narrow mono">{cluster.health?.flux_version ?? '—'}</td>
              <td className="hide-narrow">
                <ClusterSource cluster={cluster} compact />
              </td>
              <td className="hide-narrow">
                <RelativeTime iso={cluster.health?.checked_at} fallback="never" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
