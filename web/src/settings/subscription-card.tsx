import { useState } from 'react';
import { useDeleteSubscription, useStartSync, useTestSubscription, type AzureSubscription, type SyncStart } from '../api/azure.js';
import { useCan } from '../auth/permissions.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorAlert } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge } from '../components/status-badge.js';
import { ConnectionTestResultView } from './connection-test-result.js';
import { DiscoveredClusters } from './discovered-clusters.js';
import { ManageSubscriptionForm } from './manage-subscription-form.js';
import { SyncPanel } from './sync-panel.js';

const AUTH_LABEL: Record<AzureSubscription['auth_method'], string> = {
  service_principal: 'Service principal',
  workload_identity: 'Workload identity',
  managed_identity: 'Managed identity',
};

/** One subscription: status, the seed's "Discover Clusters" and "Sync Clusters", and upkeep. */
export function SubscriptionCard({ subscription }: { subscription: AzureSubscription }) {
  const id = subscription.subscription_id;
  const test = useTestSubscription(id);
  const sync = useStartSync(id);
  const remove = useDeleteSubscription(id);
  const [discoverOpen, setDiscoverOpen] = useState(false);
  const [manageOpen, setManageOpen] = useState(false);
  const [syncRun, setSyncRun] = useState<{ run: number; start?: SyncStart; error?: unknown }>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Discovering is reading (azure:read); testing, syncing, changing and deleting are an admin's.
  const canWrite = useCan('azure:write');
  const [clustersChoice, setClustersChoice] = useState<'keep' | 'remove'>('keep');

  const startSync = () => {
    const run = (syncRun?.run ?? 0) + 1;
    setSyncRun({ run });
    sync.mutate(undefined, {
      onSuccess: (start) => setSyncRun({ run, start }),
      onError: (error) => setSyncRun({ run, error }),
    });
  };
  const syncing = sync.isPending || (syncRun?.start?.kind === 'job' && !syncRun.error);

  return (
    <article className="card subscription-card" aria-labelledby={`subscription-${id}`} data-subscription={id}>
      <div className="card-header">
        <div className="subscription-title">
          <h3 id={`subscription-${id}`}>
            {subscription.name}
            <StatusBadge status={subscription.status} title={subscription.status_message} />
          </h3>
          <div className="subscription-meta">
            <span>
              Subscription <code>{id}</code>
            </span>
            <span>
              Tenant <code>{subscription.tenant_id}</code>
            </span>
            {subscription.client_id && (
              <span>
                Client <code>{subscription.client_id}</code>
              </span>
            )}
          </div>
          <div className="subscription-meta">
            <span>{AUTH_LABEL[subscription.auth_method]}</span>
            {subscription.environment !== 'AzurePublicCloud' && <span>{subscription.environment === 'custom' ? 'Custom cloud' : subscription.environment}</span>}
            <span>
              <strong>{subscription.cluster_count}</strong> {subscription.cluster_count === 1 ? 'cluster' : 'clusters'} registered
            </span>
            <span>
              Last sync <RelativeTime iso={subscription.last_synced_at} fallback="never" />
            </span>
            <span>Auto-sync {subscription.auto_sync_interval_minutes > 0 ? `every ${subscription.auto_sync_interval_minutes} min` : 'off'}</span>
          </div>
          {subscription.status === 'error' && subscription.status_message && <div className="cell-sub wrap" style={{ color: 'var(--err)' }}>{subscription.status_message}</div>}
        </div>
        <div className="subscription-actions">
          {canWrite && (
            <button type="button" className="button small" onClick={() => test.mutate()} disabled={test.isPending}>
              {test.isPending && <span className="spinner" aria-hidden="true" />}
              Test Connection
            </button>
          )}
          <button type="button" className="button small" aria-expanded={discoverOpen} onClick={() => setDiscoverOpen(true)}>
            Discover Clusters
          </button>
          {canWrite && (
            <>
              <button type="button" className="button small primary" onClick={startSync} disabled={syncing}>
                {syncing && <span className="spinner" aria-hidden="true" />}
                Sync Clusters
              </button>
              <button type="button" className="button small" aria-expanded={manageOpen} onClick={() => setManageOpen((open) => !open)}>
                Manage
              </button>
              <button type="button" className="button small danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            </>
          )}
        </div>
      </div>

      {(test.data || test.error) && (
        <div className="panel">
          <div className="panel-body">
            {test.data && <ConnectionTestResultView result={test.data} />}
            {test.error && <ErrorAlert title="The test could not run" error={test.error} />}
          </div>
        </div>
      )}
      {manageOpen && <ManageSubscriptionForm subscription={subscription} onDone={() => setManageOpen(false)} />}
      {discoverOpen && <DiscoveredClusters subscriptionId={id} onClose={() => setDiscoverOpen(false)} />}
      {syncRun && <SyncPanel key={syncRun.run} subscriptionId={id} start={syncRun.start} startError={syncRun.error} onClose={() => setSyncRun(undefined)} />}

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${subscription.name}?`}
        confirmLabel="Delete subscription"
        busy={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate(clustersChoice, { onSuccess: () => setConfirmDelete(false) })}
      >
        <p>Its stored credentials are deleted. What should happen to the {subscription.cluster_count} clusters synced from it?</p>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }} className="stack">
          <legend className="visually-hidden">Clusters synced from this subscription</legend>
          <label className="checkbox">
            <input type="radio" name={`clusters-${id}`} value="keep" checked={clustersChoice === 'keep'} onChange={() => setClustersChoice('keep')} />
            Keep them (they stay registered, no longer synced)
          </label>
          <label className="checkbox">
            <input type="radio" name={`clusters-${id}`} value="remove" checked={clustersChoice === 'remove'} onChange={() => setClustersChoice('remove')} />
            Remove them from Flux Orchestrator
          </label>
        </fieldset>
        {remove.isError && <ErrorAlert title="Not deleted" error={remove.error} />}
      </ConfirmDialog>
    </article>
  );
}
