import { useSyncExternalStore } from 'react';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const formatter = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "3 min. ago" for a timestamp, measured against `now`. */
export function formatRelative(iso: string, now = Date.now()): string {
  const delta = new Date(iso).getTime() - now;
  if (Number.isNaN(delta)) return '—';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second') {
      const value = Math.round(delta / ms);
      return unit === 'second' && Math.abs(value) < 10 ? 'just now' : formatter.format(value, unit);
    }
  }
  return '—';
}

/** One clock for every ticking time on the page: a tick every 10 s while anything shows one. */
const clock = { now: Date.now(), listeners: new Set<() => void>(), timer: undefined as ReturnType<typeof setInterval> | undefined };

function subscribeClock(listener: () => void): () => void {
  clock.listeners.add(listener);
  clock.timer ??= setInterval(() => {
    clock.now = Date.now();
    for (const notify of clock.listeners) notify();
  }, 10_000);
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

/** The time, updated every 10 s (shared by all callers). */
export function useNow(): number {
  return useSyncExternalStore(subscribeClock, () => clock.now);
}

/** A `<time>` showing relative time, with the exact local time on hover; `ticking` keeps it current. */
export function RelativeTime({ iso, fallback = '—', ticking = false }: { iso: string | null | undefined; fallback?: string; ticking?: boolean }) {
  if (!iso) return <span className="faint">{fallback}</span>;
  return ticking ? <TickingTime iso={iso} /> : <TimeText iso={iso} now={Date.now()} />;
}

function TickingTime({ iso }: { iso: string }) {
  useNow();
  return <TimeText iso={iso} now={Date.now()} />;
}

function TimeText({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className="nowrap">
      {formatRelative(iso, now)}
    </time>
  );
}
