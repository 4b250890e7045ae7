import type { Cluster } from '../api/clusters.js';
import { aksLocationOf } from './cluster-list.js';

/** "Manual" for a pasted kubeconfig; "AKS" with subscription and resource group for synced clusters. */
export function ClusterSource({ cluster, compact = false }: { cluster: Cluster; compact?: boolean }) {
  if (cluster.source.type !== 'aks') {
    return (
      <span className="source-tag" data-source="kubeconfig">
        Manual
      </span>
    );
  }
  const aks = aksLocationOf(cluster);
  const missing = cluster.source.missing_in_source && (
    <span className="badge" data-tone="warn" title="Azure no longer lists this cluster; it stays here until you delete it." style={{ marginLeft: 6 }}>
      Missing in Azure
    </span>
  );
  if (compact) {
    return (
      <span>
        <span className="source-tag" data-source="aks" title={cluster.source.ref ?? undefined}>
          AKS
        </span>
        {missing}
        {aks && (
          <div className="cell-sub" title={`Subscription ${aks.subscriptionId}, resource group ${aks.resourceGroup}`}>
            {aks.resourceGroup} <span className="faint">· {aks.subscriptionId.slice(0, 8)}…</span>
          </div>
        )}
      </span>
    );
  }
  return (
    <span>
      <span className="source-tag" data-source="aks" title={cluster.source.ref ?? undefined}>
        AKS
      </span>
      {missing}
      {aks && (
        <span className="muted" style={{ display: 'block', marginTop: 4 }}>
          Resource group <code>{aks.resourceGroup}</code> · subscription <code>{aks.subscriptionId}</code>
        </span>
      )}
    </span>
  );
}
