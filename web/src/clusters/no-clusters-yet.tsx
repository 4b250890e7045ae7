import { Link } from 'wouter';
import { useCan } from '../auth/permissions.js';
import { EmptyState } from '../components/feedback.js';

/** The empty fleet, with both ways to add clusters (Clusters page and Dashboard). */
export function NoClustersYet() {
  const canAddKubeconfig = useCan('clusters:write');
  const canAddAzure = useCan('azure:write');
  if (!canAddKubeconfig && !canAddAzure) {
    return (
      <div className="card">
        <EmptyState title="No clusters yet">No cluster you may see is registered. An admin adds clusters by kubeconfig or Azure subscription; their health and Flux objects show here.</EmptyState>
      </div>
    );
  }
  return (
    <div className="card">
      <EmptyState
        title="No clusters yet"
        actions={
          <>
            {canAddKubeconfig && (
              <Link href="/clusters/new" className="button primary">
                Add a kubeconfig
              </Link>
            )}
            {canAddAzure && (
              <Link href="/settings/azure?add=1" className="button">
                Add an Azure subscription
              </Link>
            )}
          </>
        }
      >
        Add a cluster by its kubeconfig, or an Azure subscription to register its AKS clusters; their health and Flux objects show here.
      </EmptyState>
    </div>
  );
}
