import { useAudit, type AuditEntry } from '../api/audit.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';

const ACTION_TITLES: Record<string, string> = {
  'cluster.create': 'Cluster added',
  'cluster.update': 'Cluster edited',
  'cluster.delete': 'Cluster removed',
  'cluster.kubeconfig.download': 'Kubeconfig downloaded',
  'azure.subscription.create': 'Azure subscription added',
  'azure.subscription.bulk-create': 'Azure subscriptions added',
  'azure.subscription.update': 'Azure subscription changed',
  'azure.subscription.delete': 'Azure subscription removed',
  'azure.subscription.sync': 'Azure sync started',
};

/** What the entry's detail says, in a few words (names and changed fields; never secrets). */
function describe(entry: AuditEntry): string {
  const detail = entry.detail as { name?: string; fields?: string[]; include_secret?: boolean; clusters?: string };
  const parts: string[] = [];
  if (detail.name) parts.push(detail.name);
  if (detail.fields?.length) parts.push(`changed ${detail.fields.join(', ')}`);
  if (detail.include_secret) parts.push('with the client secret');
  if (detail.clusters) parts.push(`clusters: ${detail.clusters}`);
  return parts.join(' · ') || entry.target;
}

/** The audit trail as a table: who changed what, and when. */
export function RecentChanges() {
  const audit = useAudit();
  return (
    <section className="card" aria-labelledby="recent-changes">
      <div className="card-header">
        <h2 id="recent-changes">Recent changes</h2>
      </div>
      {audit.isPending && <Loading label="Loading changes…" />}
      {audit.isError && <ErrorAlert title="Could not load recent changes" error={audit.error} onRetry={() => void audit.refetch()} />}
      {audit.data && audit.data.items.length === 0 && (
        <EmptyState title="No changes yet">Clusters and subscriptions you add, edit or remove are listed here.</EmptyState>
      )}
      {audit.data && audit.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data" aria-label="Recent changes">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Details</th>
                <th scope="col" className="hide-narrow">
                  By
                </th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <div className="cell-title">{ACTION_TITLES[entry.action] ?? entry.action}</div>
                  </td>
                  <td className="muted">{describe(entry)}</td>
                  <td className="hide-narrow muted">{entry.actor}</td>
                  <td>
                    <RelativeTime iso={entry.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
