import type { paths } from './generated/schema.js';
import { api, unwrap } from './client.js';
import { readNdjson } from './ndjson.js';
import type { ResourceAddress } from './resources.js';

/**
 * Flux controller logs about one object, streamed as NDJSON. The OpenAPI document declares the
 * answer as a plain string (it has no LogEntry schema), so each line is checked here rather than
 * typed from the generated schema: {@link toLogEntry} accepts only lines of the documented shape.
 */

export type ObjectLogsQuery = NonNullable<paths['/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/logs']['get']['parameters']['query']>;
export type PodLogsQuery = NonNullable<paths['/api/v1/clusters/{id}/pods/{namespace}/{name}/logs']['get']['parameters']['query']>;
export type LogLevel = NonNullable<ObjectLogsQuery['level']>;

/** One line as the server sends it (`server/src/logs/log-entry.ts`). */
export interface LogEntry {
  time: string | null;
  level: string;
  message: string;
  pod: string;
  container: string;
  fields: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entry when `value` has the documented shape; undefined otherwise. */
export function toLogEntry(value: unknown): LogEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { time, level, message, pod, container, fields } = value;
  if ((time !== null && typeof time !== 'string') || typeof level !== 'string' || typeof message !== 'string' || typeof pod !== 'string') return undefined;
  return { time, level, message, pod, container: typeof container === 'string' ? container : '', fields: isRecord(fields) ? fields : {} };
}

/** The line a followed log ends with when its pod went away or the cluster ended the stream. */
export const isStreamEnd = (entry: LogEntry): boolean => entry.fields.stream_ended === true;

/**
 * Streams an object's controller log: `onOpen` once the server answered 200, then entries as they
 * come; resolves when the answer ends (at once after the tail without `follow`), rejects with an
 * ApiRequestError (404 names the controller) or an AbortError.
 */
export async function streamObjectLogs(address: ResourceAddress, query: ObjectLogsQuery, signal: AbortSignal, onEntries: (entries: LogEntry[]) => void, onOpen?: () => void): Promise<{ skipped: number }> {
  const stream = await unwrap(
    api.GET('/api/v1/clusters/{id}/resources/{kind}/{namespace}/{name}/logs', {
      params: { path: { id: address.clusterId, kind: address.kind, namespace: address.namespace, name: address.name }, query },
      parseAs: 'stream',
      signal,
    }),
  );
  onOpen?.();
  if (!stream) return { skipped: 0 };
  return readNdjson(stream, toLogEntry, onEntries);
}

/** Where a pod lives. */
export interface PodAddress {
  clusterId: string;
  namespace: string;
  name: string;
}

/** Streams one container's log of a pod, as {@link streamObjectLogs} does (404: the pod is gone). */
export async function streamPodLogs(pod: PodAddress, query: PodLogsQuery, signal: AbortSignal, onEntries: (entries: LogEntry[]) => void, onOpen?: () => void): Promise<{ skipped: number }> {
  const stream = await unwrap(
    api.GET('/api/v1/clusters/{id}/pods/{namespace}/{name}/logs', {
      params: { path: { id: pod.clusterId, namespace: pod.namespace, name: pod.name }, query },
      parseAs: 'stream',
      signal,
    }),
  );
  onOpen?.();
  if (!stream) return { skipped: 0 };
  return readNdjson(stream, toLogEntry, onEntries);
}
