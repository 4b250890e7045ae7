import { useId, useState } from 'react';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import { isStreamEnd, streamObjectLogs, type LogLevel } from '../api/logs.js';
import { ApiRequestError } from '../api/request.js';
import type { ResourceAddress } from '../api/resources.js';
import { ErrorAlert } from '../components/feedback.js';
import { LogLines, LogOptions, useLogStream } from './log-view.js';

const LEVELS: Array<[LogLevel, string]> = [
  ['info', 'Info and errors'],
  ['error', 'Errors only'],
  ['debug', 'Everything (debug too)'],
];
/**
 * The lines of the controller that reconciles this object that are about it, as `flux logs`
 * shows them: the last `tail`, then (following) new ones as they are written. The view stays at
 * the newest line until the user scrolls up to read, and says when lines arrive meanwhile.
 */
export function LogsTab({ address }: { address: ResourceAddress }) {
  const controller = findFluxKind(address.kind)?.controller ?? 'its controller';
  const [follow, setFollow] = useState(true);
  const [level, setLevel] = useState<LogLevel>('info');
  const [tail, setTail] = useState<number>(100);
  const id = useId();
  const { clusterId, kind, namespace, name } = address;
  const { entries, received, status, error, retry } = useLogStream(JSON.stringify([clusterId, kind, namespace, name, follow, level, tail]), (signal, onEntries, onOpen) =>
    streamObjectLogs({ clusterId, kind, namespace, name }, { tail, level, ...(follow ? { follow: true } : {}) }, signal, onEntries, onOpen),
  );

  const ended = entries.find(isStreamEnd);
  const notFound = error instanceof ApiRequestError && error.status === 404;
  const statusText =
    status === 'connecting'
      ? 'Connecting…'
      : status === 'failed'
        ? 'Not streaming'
        : status === 'open'
          ? follow
            ? 'Following: new lines show as the controller writes them'
            : 'Reading…'
          : follow
            ? 'The stream ended'
            : `The last ${tail} matching lines`;

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Logs of {controller}</h2>
        <span className="muted small" role="status" aria-label="Log stream" data-state={status}>
          {status === 'open' && follow && <span className="dot live-dot" data-tone="ok" aria-hidden="true" />} {statusText}
        </span>
      </div>
      <LogOptions follow={follow} onFollow={setFollow} tail={tail} onTail={setTail} status={status} onRetry={retry}>
        <label className="inline-field">
          <span className="muted small">Level</span>
          <select className="select" value={level} onChange={(event) => setLevel(event.target.value as LogLevel)}>
            {LEVELS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
      </LogOptions>
      {status === 'failed' && (
        <div className="card-body">
          {notFound ? (
            <div className="alert" data-tone="err" role="alert">
              <div className="alert-body">
                <span className="alert-title">No log to read: {controller} is not running there</span>
                <span>{error instanceof Error ? error.message : String(error)}</span>
                <span className="muted">
                  Check the controller in the cluster (<code>kubectl -n flux-system get pods</code>); if Flux runs in another namespace, its pods are looked for in flux-system only.
                </span>
              </div>
            </div>
          ) : (
            <ErrorAlert title="Could not read the log" error={error} onRetry={retry} />
          )}
        </div>
      )}
      {status !== 'failed' && (
        <LogLines
          entries={entries}
          received={received}
          label={`Log lines about ${kind} ${namespace}/${name}`}
          empty={
            status === 'connecting'
              ? 'Connecting to the controller…'
              : `No lines about this object among ${controller}'s recent lines${level === 'error' ? ' at level error' : ''}. ${follow ? 'New ones show here as they are written: a reconcile writes some.' : 'Turn on Follow, or reconcile it, to see new ones.'}`
          }
        />
      )}
      {ended && status === 'ended' && <p className="card-body muted small">{ended.message}. Reconnect to follow the controller&apos;s new pod.</p>}
    </section>
  );
}
