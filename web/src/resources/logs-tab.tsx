import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import { isStreamEnd, streamObjectLogs, type LogEntry, type LogLevel } from '../api/logs.js';
import { ApiRequestError } from '../api/request.js';
import type { ResourceAddress } from '../api/resources.js';
import { ErrorAlert } from '../components/feedback.js';
import { appendLines, clockOf, isAtEnd, MAX_LOG_LINES, notableFields } from './log-buffer.js';

type StreamStatus = 'connecting' | 'open' | 'ended' | 'failed';

const LEVELS: Array<[LogLevel, string]> = [
  ['info', 'Info and errors'],
  ['error', 'Errors only'],
  ['debug', 'Everything (debug too)'],
];
const TAILS = [50, 100, 500, 1000] as const;

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
  const [attempt, setAttempt] = useState(0);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [error, setError] = useState<unknown>(undefined);
  const [atEnd, setAtEnd] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const id = useId();
  const { clusterId, kind, namespace, name } = address;

  useEffect(() => {
    const abort = new AbortController();
    setEntries([]);
    setStatus('connecting');
    setError(undefined);
    setUnseen(0);
    stick.current = true;
    setAtEnd(true);
    streamObjectLogs(
      { clusterId, kind, namespace, name },
      { tail, level, ...(follow ? { follow: true } : {}) },
      abort.signal,
      (batch) => {
        setEntries((current) => appendLines(current, batch));
        if (!stick.current) setUnseen((count) => count + batch.length);
      },
      () => setStatus('open'),
    ).then(
      () => {
        if (!abort.signal.aborted) setStatus('ended');
      },
      (failure: unknown) => {
        if (abort.signal.aborted) return;
        setError(failure);
        setStatus('failed');
      },
    );
    return () => abort.abort();
  }, [clusterId, kind, namespace, name, follow, level, tail, attempt]);

  // New lines keep the view at the end, unless the user scrolled up.
  useLayoutEffect(() => {
    const element = box.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [entries]);

  const onScroll = () => {
    const element = box.current;
    if (!element) return;
    const end = isAtEnd(element);
    stick.current = end;
    setAtEnd(end);
    if (end) setUnseen(0);
  };
  const jumpToEnd = () => {
    const element = box.current;
    if (!element) return;
    stick.current = true;
    setAtEnd(true);
    setUnseen(0);
    element.scrollTop = element.scrollHeight;
  };

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
      <div className="toolbar" role="group" aria-label="Log options">
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} /> Follow
        </label>
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
        <label className="inline-field">
          <span className="muted small">Earlier lines</span>
          <select className="select" value={tail} onChange={(event) => setTail(Number(event.target.value))}>
            {TAILS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        {(status === 'ended' || status === 'failed') && (
          <button type="button" className="button small" onClick={() => setAttempt((count) => count + 1)}>
            {follow ? 'Reconnect' : 'Read again'}
          </button>
        )}
      </div>
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
            <ErrorAlert title="Could not read the log" error={error} onRetry={() => setAttempt((count) => count + 1)} />
          )}
        </div>
      )}
      {status !== 'failed' && (
        <div className="log-wrap">
          <div className="log-view" ref={box} onScroll={onScroll} role="log" aria-label={`Log lines about ${kind} ${namespace}/${name}`} aria-live="off" tabIndex={0}>
            {entries.length === 0 ? (
              <p className="log-empty muted">
                {status === 'connecting'
                  ? 'Connecting to the controller…'
                  : `No lines about this object among ${controller}'s recent lines${level === 'error' ? ' at level error' : ''}. ${follow ? 'New ones show here as they are written: a reconcile writes some.' : 'Turn on Follow, or reconcile it, to see new ones.'}`}
              </p>
            ) : (
              <ol className="log-lines">
                {entries.map((entry, index) => (
                  <LogLine key={index} entry={entry} />
                ))}
              </ol>
            )}
            {entries.length >= MAX_LOG_LINES && <p className="muted small">Only the newest {MAX_LOG_LINES} lines are kept on this page.</p>}
          </div>
          {!atEnd && (
            <button type="button" className="button small log-jump" onClick={jumpToEnd}>
              {unseen > 0 ? `Paused: ${unseen} new ${unseen === 1 ? 'line' : 'lines'} below. Jump to the newest` : 'Paused. Jump to the newest'}
            </button>
          )}
        </div>
      )}
      {ended && status === 'ended' && <p className="card-body muted small">{ended.message}. Reconnect to follow the controller&apos;s new pod.</p>}
    </section>
  );
}

function LogLine({ entry }: { entry: LogEntry }) {
  if (isStreamEnd(entry)) {
    return (
      <li className="log-line log-end" data-level="end">
        <span className="log-time">{clockOf(entry.time)}</span> — {entry.message} —
      </li>
    );
  }
  const fields = notableFields(entry);
  return (
    <li className="log-line" data-level={entry.level} data-time={entry.time ?? undefined} title={Object.keys(entry.fields).length > 0 ? JSON.stringify(entry.fields) : undefined}>
      <span className="log-time">{clockOf(entry.time)}</span> <span className="log-level">{entry.level}</span> <span className="log-message">{entry.message}</span>
      {fields.map(([key, value]) => (
        <span key={key} className="log-field">
          {' '}
          {key}=<span>{value}</span>
        </span>
      ))}
      <span className="log-pod"> {entry.pod}</span>
    </li>
  );
}
