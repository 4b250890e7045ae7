import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { isStreamEnd, type LogEntry } from '../api/logs.js';
import { appendLines, clockOf, isAtEnd, MAX_LOG_LINES, notableFields } from './log-buffer.js';

export type LogStreamStatus = 'connecting' | 'open' | 'ended' | 'failed';

/** Opens one log answer: `onOpen` once the server said 200, entries as they come; settles when it ends. */
export type OpenLogStream = (signal: AbortSignal, onEntries: (entries: LogEntry[]) => void, onOpen: () => void) => Promise<unknown>;

/**
 * One log stream (a controller's lines about an object, or a pod's), opened again whenever `key`
 * changes or `retry()` is called. The latest `open` is used, so callers pass a fresh closure.
 */
export function useLogStream(key: string, open: OpenLogStream) {
  const [attempt, setAttempt] = useState(0);
  const [entries, setEntries] = useState<LogEntry[]>([]);
  /** Lines received since the stream opened (entries keep only the newest MAX_LOG_LINES). */
  const [received, setReceived] = useState(0);
  const [status, setStatus] = useState<LogStreamStatus>('connecting');
  const [error, setError] = useState<unknown>(undefined);
  const opener = useRef(open);
  opener.current = open;

  useEffect(() => {
    const abort = new AbortController();
    setEntries([]);
    setReceived(0);
    setStatus('connecting');
    setError(undefined);
    const onEntries = (batch: LogEntry[]) => {
      setEntries((current) => appendLines(current, batch));
      setReceived((count) => count + batch.length);
    };
    opener.current(abort.signal, onEntries, () => setStatus('open')).then(
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
  }, [key, attempt]);

  return { entries, received, status, error, retry: () => setAttempt((count) => count + 1) };
}

/**
 * The lines of a log in a scrolled box that stays at the newest line until the user scrolls up
 * to read, and then says how many arrived meanwhile.
 */
export function LogLines({ entries, received, label, empty }: { entries: LogEntry[]; received: number; label: string; empty: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [atEnd, setAtEnd] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const seen = useRef(received);

  // New lines keep the view at the end, unless the user scrolled up.
  useLayoutEffect(() => {
    const element = box.current;
    const added = received - seen.current;
    seen.current = received;
    if (received === 0) {
      // A new stream: back to following the end.
      stick.current = true;
      setAtEnd(true);
      setUnseen(0);
    }
    if (!element) return;
    if (stick.current) element.scrollTop = element.scrollHeight;
    else if (added > 0) setUnseen((count) => count + added);
  }, [entries, received]);

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

  return (
    <div className="log-wrap">
      <div className="log-view" ref={box} onScroll={onScroll} role="log" aria-label={label} aria-live="off" tabIndex={0}>
        {entries.length === 0 ? (
          <p className="log-empty muted">{empty}</p>
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

export const LOG_TAILS = [50, 100, 500, 1000] as const;

/**
 * The options every log view has: `children` (what picks the lines: a level, a container), then
 * Follow, how many earlier lines, and reading again once the stream ended or failed.
 */
export function LogOptions({
  follow,
  onFollow,
  tail,
  onTail,
  status,
  onRetry,
  children,
}: {
  follow: boolean;
  onFollow: (follow: boolean) => void;
  tail: number;
  onTail: (tail: number) => void;
  status: LogStreamStatus;
  onRetry: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="toolbar" role="group" aria-label="Log options">
      {children}
      <label className="checkbox">
        <input type="checkbox" checked={follow} onChange={(event) => onFollow(event.target.checked)} /> Follow
      </label>
      <label className="inline-field">
        <span className="muted small">Earlier lines</span>
        <select className="select" value={tail} onChange={(event) => onTail(Number(event.target.value))}>
          {LOG_TAILS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      {(status === 'ended' || status === 'failed') && (
        <button type="button" className="button small" onClick={onRetry}>
          {follow ? 'Reconnect' : 'Read again'}
        </button>
      )}
    </div>
  );
}
