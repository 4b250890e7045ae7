import { Fragment } from 'react';
import { Link } from 'wouter';
import { useClusters } from '../api/clusters.js';
import { CONNECTION_PROBLEMS, summarizeFleet } from '../clusters/cluster-list.js';

/**
 * Header line: how many clusters, whether the server can reach them (connections), and on how
 * many Flux fails, as two facts. On a phone it wraps, and the words that only label ("Connections:",
 * the count of good connections when some are not) give way, as several kinds of problems do to their sum.
 */
export function FleetSummary() {
  const clusters = useClusters();
  if (!clusters.data) return <div className="fleet-summary" aria-live="polite" />;
  const { total, connections, fluxFailing } = summarizeFleet(clusters.data.items);
  const problems = CONNECTION_PROBLEMS.filter((problem) => connections[problem.key] > 0);
  const failingConnections = problems.some((problem) => problem.key !== 'unchecked');
  return (
    <div className="fleet-summary" aria-label="Fleet health summary">
      <Link href="/clusters">
        <strong>{total}</strong> {total === 1 ? 'cluster' : 'clusters'}
      </Link>
      <span className="summary-part" title="Whether the server can reach each cluster's API">
        <span className="dot" data-tone={failingConnections ? 'err' : 'ok'} aria-hidden="true" />
        <span>
          <span className="summary-extra">Connections: </span>
          <span className={problems.length > 0 ? 'summary-extra' : undefined}>
            <strong>{connections.ok}</strong> ok{problems.length > 0 ? ', ' : ''}
          </span>
          <span className={problems.length > 1 ? 'summary-extra' : undefined}>
            {problems.map((problem, index) => (
              <Fragment key={problem.key}>
                {index > 0 && ', '}
                <Link href={`/clusters?health=${problem.key}`}>
                  <strong>{connections[problem.key]}</strong> {problem.label}
                </Link>
              </Fragment>
            ))}
          </span>
          {/* A phone has room for one kind of problem, not several: it says how many in all (the title names them). */}
          {problems.length > 1 && (
            <span className="show-narrow">
              <Link href="/clusters?health=unhealthy" title={problems.map((problem) => `${connections[problem.key]} ${problem.label}`).join(', ')}>
                <strong>{problems.reduce((sum, problem) => sum + connections[problem.key], 0)}</strong> connections not ok
              </Link>
            </span>
          )}
        </span>
      </span>
      <Link href="/clusters?health=failing" className="summary-part" title="Reachable clusters with failing Flux objects">
        <span className="dot" data-tone={fluxFailing > 0 ? 'err' : 'ok'} aria-hidden="true" />
        <span>
          <span className="summary-extra">Flux: </span>
          {fluxFailing > 0 ? (
            <>
              <strong>{fluxFailing}</strong> <span className="summary-extra">{fluxFailing === 1 ? 'cluster' : 'clusters'} </span>failing
            </>
          ) : (
            'nothing failing'
          )}
        </span>
      </Link>
    </div>
  );
}
