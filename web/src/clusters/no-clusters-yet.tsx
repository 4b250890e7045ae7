import { Link } from 'wouter';
import { EmptyState } from '../components/feedback.js';

/** The empty fleet, with both ways to add clusters (Clusters page and Dashboard). */
export function NoClustersYet() {
  return (
    <div className="card">
      <EmptyState
        title="No clusters yet"
        actions={
          <>
            <Link href="/clusters/new" className="button primary">
              Add a kubeconfig
            </Link>
            <Link href="/settings/azure?add=1" className="button">
              Add an Azure subscription
            </Link>
          </>
        }
      >
        Add a cluster by its kubeconfig, or an Azure subscription to register its AKS clusters; their health and Flux objects show here.
      </EmptyState>
    </div>
  );
}
