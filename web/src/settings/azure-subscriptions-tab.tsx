import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useAzureSubscriptions, type AzureSubscription } from '../api/azure.js';
import { ApiRequestError } from '../api/request.js';
import { useCan } from '../auth/permissions.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { AddSubscriptionForm } from './add-subscription-form.js';
import { SubscriptionCard } from './subscription-card.js';

/** Settings → Azure Subscriptions: the seed's three steps (add, discover, sync) in one tab. */
export function AzureSubscriptionsTab() {
  const subscriptions = useAzureSubscriptions();
  const search = useSearch();
  const [location, navigate] = useLocation();
  const [adding, setAdding] = useState(() => new URLSearchParams(search).get('add') === '1');
  const [added, setAdded] = useState<AzureSubscription>();
  // Adding, testing, syncing, changing: an admin's (azure:write). Others see the subscriptions only.
  const canWrite = useCan('azure:write');
  const closeForm = () => {
    setAdding(false);
    if (search) navigate(location, { replace: true });
  };
  // The "Next: discover, then sync" hint is done with once that subscription has synced.
  const addedNow = added && subscriptions.data?.items.find((subscription) => subscription.subscription_id === added.subscription_id);
  const showNextSteps = added !== undefined && !addedNow?.last_synced_at && (addedNow?.cluster_count ?? 0) === 0;
  const notAvailable = subscriptions.error instanceof ApiRequestError && subscriptions.error.status === 404;

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <p className="muted" style={{ maxWidth: 640 }}>
          Flux Orchestrator finds every AKS cluster in a subscription through Azure Resource Manager and registers it with Entra ID authentication. No kubelogin needed.
        </p>
        {!adding && canWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setAdded(undefined);
              setAdding(true);
            }}
          >
            + Add Azure Subscription
          </button>
        )}
      </div>
      {adding && canWrite && (
        <AddSubscriptionForm
          onCancel={closeForm}
          onAdded={(subscription) => {
            setAdded(subscription);
            closeForm();
          }}
        />
      )}
      {showNextSteps && (
        <div className="alert" data-tone="ok" role="status">
          <div className="alert-body">
            <span className="alert-title">Added {added.name}</span>
            <span>Next: “Discover Clusters” to see its AKS clusters, then “Sync Clusters” to register them.</span>
          </div>
        </div>
      )}
      {subscriptions.isPending && <Loading label="Loading subscriptions…" />}
      {subscriptions.isError && !notAvailable && <ErrorAlert title="Could not load Azure subscriptions" error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />}
      {notAvailable && (
        <div className="card">
          <EmptyState title="Azure integration is not available">This server does not offer the Azure API yet. Update Flux Orchestrator to add subscriptions.</EmptyState>
        </div>
      )}
      {subscriptions.data && subscriptions.data.items.length === 0 && !adding && (
        <div className="card">
          <EmptyState
            title="No Azure subscriptions yet"
            actions={
              canWrite && (
                <button type="button" className="button primary" onClick={() => setAdding(true)}>
                  + Add Azure Subscription
                </button>
              )
            }
          >
            Add a subscription with a service principal that has “Reader” and “Azure Kubernetes Service Cluster User Role”, then discover and sync its AKS clusters.
          </EmptyState>
        </div>
      )}
      {subscriptions.data && subscriptions.data.items.length > 0 && (
        <section aria-label="Azure subscriptions" className="stack">
          {subscriptions.data.items.map((subscription) => (
            <SubscriptionCard key={subscription.subscription_id} subscription={subscription} />
          ))}
        </section>
      )}
    </div>
  );
}
