import { Link } from 'wouter';
import { useClusters } from '../api/clusters.js';
import { countByHealth, healthOf, isUnhealthy } from '../clusters/cluster-list.js';

/** Header line: how many clusters, and how many need attention. */
export function FleetSummary() {
  const clusters = useClusters();
  if (!clusters.data) return <div className="fleet-summary" aria-live="polite" />;
  const counts = countByHealth(clusters.data.items);
  const unhealthy = clusters.data.items.filter((cluster) => isUnhealthy(healthOf(cluster))).length;
  return (
    <div className="fleet-summary" aria-label="Fleet health summary">
      <Link href="/clusters">
        <strong>{clusters.data.items.length}</strong> {clusters.data.items.length === 1 ? 'cluster' : 'clusters'}
      </Link>
      <Link href="/clusters?health=healthy">
        <span className="dot" data-tone="ok" aria-hidden="true" />
        <strong>{counts.healthy}</strong> healthy
      </Link>
      <Link href="/clusters?health=unhealthy">
        <span className="dot" data-tone={unhealthy > 0 ? 'err' : 'neutral'} aria-hidden="true" />
        <strong>{unhealthy}</strong> unhealthy
      </Link>
      {counts.unchecked > 0 && (
        <span className="summary-extra">
          <span className="dot" aria-hidden="true" /> <strong>{counts.unchecked}</strong> not checked
        </span>
      )}
    </div>
  );
}
