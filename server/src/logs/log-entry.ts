/** One log line as the API sends it: parsed when the line is JSON (every Flux controller logs JSON). */
export interface LogEntry {
  /** When the kubelet recorded the line (RFC 3339), or null if the line carried no timestamp. */
  time: string | null;
  /** `info`, `error`, `debug`… from the JSON line; `info` for plain text lines. */
  level: string;
  message: string;
  pod: string;
  container: string;
  /** The JSON line's other fields (controller, reconcileID, revision…); empty for plain text. */
  fields: Record<string, unknown>;
}

/** The timestamp kube-apiserver puts before each line with `timestamps=true`. */
const KUBELET_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (.*)$/s;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits off the timestamp and parses a JSON line (controller-runtime's zap encoder: level, ts, msg). */
export function parseLogLine(raw: string, pod: string, container: string): LogEntry {
  const stamped = KUBELET_TIMESTAMP.exec(raw);
  const time = stamped ? stamped[1]! : null;
  const text = stamped ? stamped[2]! : raw;
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) {
        const { level, msg, ...fields } = parsed;
        return { time, level: typeof level === 'string' ? level : 'info', message: typeof msg === 'string' ? msg : '', pod, container, fields };
      }
    } catch {
      // not JSON after all: a plain line
    }
  }
  return { time, level: 'info', message: text, pod, container, fields: {} };
}

/**
 * Whether a controller's log entry is about one object, as `flux logs --kind --name --namespace`
 * decides: controller-runtime logs the object as `"<Kind>": {"name", "namespace"}` and adds `name`
 * and `namespace` fields.
 */
export function isAbout(entry: LogEntry, kind: string, namespace: string, name: string): boolean {
  const { fields } = entry;
  const ref = fields[kind];
  if (isRecord(ref)) return ref.name === name && (ref.namespace ?? namespace) === namespace;
  if (fields.controllerKind !== undefined && fields.controllerKind !== kind) return false;
  return fields.name === name && fields.namespace === namespace;
}

/** `error` shows errors only; `info` shows info and errors (debug lines dropped). */
export function atLeast(entry: LogEntry, level: 'debug' | 'info' | 'error' | undefined): boolean {
  if (level === undefined || level === 'debug') return true;
  if (level === 'error') return entry.level === 'error';
  return entry.level !== 'debug';
}
