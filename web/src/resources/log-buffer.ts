import type { LogEntry } from '../api/logs.js';

/** Lines kept on screen: a followed log can run for hours, the page must not grow with it. */
export const MAX_LOG_LINES = 2_000;

/** The lines with `incoming` added at the end, the oldest dropped beyond `cap`. */
export function appendLines(current: readonly LogEntry[], incoming: readonly LogEntry[], cap = MAX_LOG_LINES): LogEntry[] {
  const all = current.length + incoming.length <= cap ? [...current, ...incoming] : [...current, ...incoming].slice(-cap);
  return all;
}

/**
 * Whether a scrolled box shows its end (within `slack` px): while it does, new lines keep it
 * there; once the user scrolls up to read, it stays put until they come back down.
 */
export function isAtEnd(box: { scrollTop: number; scrollHeight: number; clientHeight: number }, slack = 24): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= slack;
}

/** Fields worth showing beside the message (the rest is in the line's tooltip). */
export function notableFields(entry: LogEntry): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of ['revision', 'error', 'output']) {
    const value = entry.fields[key];
    if (value === undefined || value === null || value === '') continue;
    out.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return out;
}

/** "12:03:04.123" in local time, or an empty string for a line without a time. */
export function clockOf(time: string | null): string {
  if (!time) return '';
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number, size = 2) => String(value).padStart(size, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
