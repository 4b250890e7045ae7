import { Link } from 'wouter';
import type { ResourceAddress, ResourceDetail } from '../api/resources.js';
import { EmptyState } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { eventsHref } from '../events/event-filter.js';

/**
 * The object's Kubernetes events: those the server kept (past the cluster's one-hour TTL) merged
 * with the live ones, newest first, refreshed as new ones arrive on the stream. Without the
 * detail it points to the events page, which reads the kept ones; `keptOnly`: the detail could
 * not read the cluster, so these are the kept ones alone.
 */
export function EventsTab({ address, events, keptOnly = false }: { address: ResourceAddress; events: ResourceDetail['events'] | undefined; keptOnly?: boolean }) {
  const allHref = eventsHref({ cluster: [address.clusterId], kind: [address.kind], namespace: [address.namespace], name: [address.name] });
  return (
    <section className="card" aria-labelledby="events-title">
      <div className="card-header">
        <h2 id="events-title">Events</h2>
        <span className="muted small">{keptOnly ? 'Kept by Flux Orchestrator, newest first (the cluster cannot be read)' : 'Kept and live, newest first'}</span>
        <Link href={allHref} className="button small">
          All of its events
        </Link>
      </div>
      {events === undefined ? (
        <EmptyState title="The cluster cannot be read right now" actions={<Link href={allHref} className="button">Open its kept events</Link>}>
          The events page lists the events the server kept for this object, with filters and a CSV download.
        </EmptyState>
      ) : events.length === 0 ? (
        <EmptyState title="No events" actions={<Link href={allHref} className="button">Search all kept events</Link>}>
          Neither the cluster nor the server holds an event of this object. Controllers write one at each reconcile that changes something or fails.
        </EmptyState>
      ) : (
        <ol className="timeline" aria-label="Events">
          {events.map((event, index) => (
            <li key={`${event.last_seen ?? ''}-${event.reason}-${index}`} data-tone={event.type === 'Warning' ? 'err' : 'ok'}>
              <div className="timeline-head">
                <span className="strong">{event.reason}</span>
                {event.type === 'Warning' && <span className="chip">Warning</span>}
                {event.count > 1 && <span className="chip">×{event.count}</span>}
                <span className="muted small">{event.source}</span>
                <span className="spacer" />
                <RelativeTime iso={event.last_seen ?? event.first_seen} ticking />
              </div>
              <div className="pre-wrap small">{event.message}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
