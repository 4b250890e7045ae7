import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { useCluster, useClusterHealth, useDeleteCluster, useRecheckCluster, useUpdateCluster, type Cluster } from '../api/clusters.js';
import { ApiRequestError } from '../api/request.js';
import { useCan } from '../auth/permissions.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { Icon } from '../components/icons.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { healthOf, healthReasonOf, isUnhealthy } from './cluster-list.js';
import { ClusterForm } from './cluster-form.js';
import { FluxObjects, useUrlFilter } from '../resources/flux-objects.js';
import { ClusterSource } from './cluster-source.js';
import { ClusterSyncCard } from './cluster-sync.js';
import { KubeconfigDownload } from './kubeconfig-download.js';

export default function ClusterDetailPage() {
  const { id = '' } = useParams<{ id: string }>();
  const cluster = useCluster(id);
  if (cluster.isPending) return <Loading label="Loading cluster…" />;
  if (cluster.isError) {
    if (cluster.error instanceof ApiRequestError && cluster.error.status === 404) {
      return (
        <div className="card">
          <EmptyState title="Cluster not found" actions={<Link href="/clusters" className="button">Back to clusters</Link>}>
            It may have been deleted, or removed by an Azure sync.
          </EmptyState>
        </div>
      );
    }
    return <ErrorAlert title="Could not load the cluster" error={cluster.error} onRetry={() => void cluster.refetch()} />;
  }
  return <ClusterDetail cluster={cluster.data} />;
}

function ClusterDetail({ cluster }: { cluster: Cluster }) {
  const [, navigate] = useLocation();
  const health = useClusterHealth(cluster.id);
  const recheck = useRecheckCluster(cluster.id);
  const update = useUpdateCluster(cluster.id);
  const remove = useDeleteCluster();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canWrite = useCan('clusters:write');
  const status = healthOf(cluster);
  const [objectsFilter, setObjectsFilter] = useUrlFilter(`/clusters/${encodeURIComponent(cluster.id)}`);

  // A cluster that was never checked is checked once on open, so a new cluster shows real health.
  const checkedOnce = useRef(false);
  useEffect(() => {
    if (!cluster.health && !checkedOnce.current) {
      checkedOnce.current = true;
      recheck.mutate();
    }
  }, [cluster.health, recheck]);

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <Link href="/clusters" className="breadcrumb">
            ← Clusters
          </Link>
          <h1 className="row">
            {cluster.favorite && (
              <span style={{ color: '#e5a50a', lineHeight: 0 }} title="Favorite">
                <Icon name="star" filled />
                <span className="visually-hidden">Favorite</span>
              </span>
            )}
            {cluster.name}
            <StatusBadge status={status} title={healthReasonOf(cluster)} />
          </h1>
          {cluster.description && <p>{cluster.description}</p>}
        </div>
        <div className="row">
          <button type="button" className="button" onClick={() => recheck.mutate()} disabled={recheck.isPending}>
            {recheck.isPending ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
            Re-check
          </button>
          <Link href={`/clusters/${encodeURIComponent(cluster.id)}/graph?status=failed`} className="button" title="What fails on this cluster and everything it uses">
            <Icon name="graph" size={14} />
            Graph
          </Link>
          <KubeconfigDownload cluster={cluster} />
          {canWrite && (
            <>
              <button type="button" className="button" onClick={() => setEditing((open) => !open)} aria-expanded={editing}>
                Edit
              </button>
              <button type="button" className="button danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            </>
          )}
        </div>
      </div>

      {recheck.isError && <ErrorAlert title="The check could not run" error={recheck.error} />}
      {isUnhealthy(status) && cluster.health && (
        <div className="alert" data-tone={status === 'degraded' ? 'warn' : 'err'} role="status" style={{ marginBottom: 16 }}>
          <div className="alert-body">
            <span className="alert-title">{status === 'failing' ? 'Flux objects are failing' : `Why it is ${status}`}</span>
            <span>{healthReasonOf(cluster)}</span>
          </div>
        </div>
      )}

      {editing && (
        <div className="card" style={{ marginBottom: 16 }}>
          <div className="card-header">
            <h2>Edit cluster</h2>
          </div>
          <div className="card-body">
            <ClusterForm
              mode="edit"
              initial={cluster}
              submitLabel="Save changes"
              busy={update.isPending}
              error={update.error}
              onCancel={() => {
                update.reset();
                setEditing(false);
              }}
              onSubmit={(values) =>
                update.mutate(
                  {
                    name: values.name,
                    description: values.description,
                    labels: values.labels,
                    favorite: values.favorite,
                    ...(values.kubeconfig.trim() ? { kubeconfig: values.kubeconfig, ...(values.context ? { context: values.context } : {}) } : {}),
                  },
                  {
                    onSuccess: () => {
                      setEditing(false);
                      if (values.kubeconfig.trim()) recheck.mutate();
                    },
                  },
                )
              }
            />
          </div>
        </div>
      )}

      <div className="grid-2">
        <section className="card" aria-labelledby="overview-title">
          <div className="card-header">
            <h2 id="overview-title">Overview</h2>
          </div>
          <div className="card-body">
            <dl className="props">
              <dt>Health</dt>
              <dd>
                <StatusBadge status={status} />
              </dd>
              <dt>Kubernetes</dt>
              <dd className="mono">{cluster.health?.kubernetes_version ?? '—'}</dd>
              <dt>Flux</dt>
              <dd className="mono">{cluster.health?.flux_version ?? '—'}</dd>
              <dt>Latency</dt>
              <dd>{cluster.health?.latency_ms != null ? `${cluster.health.latency_ms} ms` : '—'}</dd>
              <dt>Last check</dt>
              <dd>
                <RelativeTime iso={cluster.health?.checked_at} fallback="never" />
              </dd>
              <dt>Source</dt>
              <dd>
                <ClusterSource cluster={cluster} />
              </dd>
              <dt>API server</dt>
              <dd className="mono">{cluster.server}</dd>
              <dt>Context</dt>
              <dd className="mono">{cluster.context}</dd>
              <dt>Authentication</dt>
              <dd className="mono">{cluster.auth}</dd>
              <dt>Labels</dt>
              <dd>
                {Object.keys(cluster.labels).length === 0 && <span className="faint">none</span>}
                {Object.entries(cluster.labels).map(([key, value]) => (
                  <span className="chip" key={key}>
                    {key}={value}
                  </span>
                ))}
              </dd>
              <dt>Registered</dt>
              <dd>
                <RelativeTime iso={cluster.created_at} />
              </dd>
            </dl>
          </div>
        </section>

        <section className="card" aria-labelledby="history-title">
          <div className="card-header">
            <h2 id="history-title">Health history</h2>
            <span className="muted" style={{ fontSize: 12 }}>
              Connection checks that changed, newest first
            </span>
          </div>
          {health.isPending && <Loading label="Loading history…" />}
          {health.isError && (
            <div className="card-body">
              <ErrorAlert title="Could not load the health history" error={health.error} onRetry={() => void health.refetch()} />
            </div>
          )}
          {health.data && health.data.history.length === 0 && <EmptyState title="No checks yet">The first check runs now; use Re-check to run another.</EmptyState>}
          {health.data && health.data.history.length > 0 && (
            <div className="table-wrap">
              <table className="data" aria-label="Health history">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Status</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {[...health.data.history].sort((a, b) => b.checked_at.localeCompare(a.checked_at)).map((entry) => (
                    <tr key={`${entry.checked_at}-${entry.status}`}>
                      <td>
                        <RelativeTime iso={entry.checked_at} />
                      </td>
                      <td>
                        <StatusBadge status={entry.status} />
                      </td>
                      <td className="muted">{entry.reason || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>

      <h2 className="section-title" id="objects-title">
        Flux objects on {cluster.name}
      </h2>
      <FluxObjects filter={objectsFilter} onChange={setObjectsFilter} clearHref={`/clusters/${encodeURIComponent(cluster.id)}`} clusterId={cluster.id} />

      <ClusterSyncCard cluster={cluster} />

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${cluster.name}?`}
        confirmLabel="Delete cluster"
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          remove.mutate(cluster.id, {
            onSuccess: () => {
              setConfirmDelete(false);
              navigate('/clusters');
            },
          })
        }
      >
        <p>
          Flux Orchestrator forgets this cluster, its stored kubeconfig and its cached state. Nothing changes inside the cluster.
          {cluster.source.type === 'aks' && ' The next Azure sync adds it again unless you remove it from the subscription.'}
        </p>
        {remove.isError && <ErrorAlert title="Not deleted" error={remove.error} />}
      </ConfirmDialog>
    </>
  );
}
