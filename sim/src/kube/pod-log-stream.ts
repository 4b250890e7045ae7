import type { ServerResponse } from 'node:http';
import type { LogLine, PodLogStore } from '../contracts.js';
import type { KubeObject } from '../store/types.js';
import { badRequest } from './kube-status.js';

export interface PodLogRequest {
  container?: string;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  /** A fault: follow streams end after this long. */
  endAfterMs?: number;
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines when `timestamps=true`. */
function kubeletTimestamp(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function containerNames(pod: KubeObject, list: 'containers' | 'initContainers' = 'containers'): string[] {
  const containers = (pod.spec?.[list] ?? []) as { name?: unknown }[];
  return containers.map((container) => container.name).filter((name): name is string => typeof name === 'string');
}

/**
 * Picks the container like the kubelet does: the one asked for, the only one, the
 * `kubectl.kubernetes.io/default-container` annotation, or a 400 naming the choices.
 */
export function resolveContainer(pod: KubeObject, requested: string | undefined): string {
  const names = containerNames(pod);
  const initNames = containerNames(pod, 'initContainers');
  const podName = pod.metadata.name;
  if (requested) {
    // Init containers have logs too (`kubectl logs -c <init container>`).
    if (names.length > 0 && !names.includes(requested) && !initNames.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && names.includes(annotated)) return annotated;
  if (names.length === 1) return names[0]!;
  if (names.length === 0) return podName;
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]${initNames.length > 0 ? ` or one of the init containers: [${initNames.join(' ')}]` : ''}`);
}

/** Writes a pod's container log (and, with `follow`, new lines until the client goes away). */
export function streamPodLog(logs: PodLogStore, pod: KubeObject, request: PodLogRequest, response: ServerResponse): void {
  const namespace = pod.metadata.namespace ?? 'default';
  const container = resolveContainer(pod, request.container);
  const format = (line: LogLine): string => `${request.timestamps ? `${kubeletTimestamp(line.time)} ` : ''}${line.text.endsWith('\n') ? line.text : `${line.text}\n`}`;
  const lines = logs.read(namespace, pod.metadata.name, container, {
    ...(request.tailLines !== undefined ? { tailLines: request.tailLines } : {}),
    ...(request.sinceSeconds !== undefined ? { sinceSeconds: request.sinceSeconds } : {}),
  });
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  const text = lines.map(format).join('');
  if (!request.follow) {
    response.end(text);
    return;
  }
  if (text) response.write(text);
  const unsubscribe = logs.subscribe(namespace, pod.metadata.name, container, (line) => {
    if (!response.writableEnded) response.write(format(line));
  });
  let timer: NodeJS.Timeout | undefined;
  const finish = (): void => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  response.on('close', finish);
  if (request.endAfterMs !== undefined) timer = setTimeout(finish, request.endAfterMs);
}
