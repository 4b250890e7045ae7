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

/** A `<time>` showing relative time, with the exact local time on hover. */
export function RelativeTime({ iso, fallback = '—' }: { iso: string | null | undefined; fallback?: string }) {
  if (!iso) return <span className="faint">{fallback}</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} className="nowrap">
      {formatRelative(iso)}
    </time>
  );
}
