import type { ServerResponse } from 'node:http';
import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { StoreError } from '../store/types.js';
import type { ObjectPredicate } from '../store/selectors.js';
import { tooOldResourceVersion } from './kube-status.js';
import type { ServedResourceType } from './resource-types.js';
import { apiVersionOf } from './resource-types.js';

export interface WatchRequest {
  type: ServedResourceType;
  namespace?: string;
  /** Only this object (watch of a single object, or `fieldSelector=metadata.name=`). */
  name?: string;
  predicate?: ObjectPredicate;
  /** Unset or `'0'`: synthetic ADDED events for the current objects, then live changes. */
  resourceVersion?: number;
  allowWatchBookmarks: boolean;
  /** `sendInitialEvents=true` (watch-list): the initial events end with an annotated BOOKMARK. */
  sendInitialEvents: boolean;
  /** `timeoutSeconds`, or a fault: the stream ends cleanly after this long. */
  endAfterMs?: number;
  bookmarkIntervalMs: number;
  /** How an event's object is written (e.g. as a one-row Table); default: the served version of it. */
  render?: (object: KubeObject) => unknown;
}

type WatchEventLine = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: unknown };

/** Shows a stored object as the requested version (the simulator converts by relabelling). */
export function presentObject(object: KubeObject, type: ServedResourceType): KubeObject {
  if (type.view) return type.view.fromStorage(object);
  const apiVersion = apiVersionOf(type.group, type.version);
  return object.apiVersion === apiVersion && object.kind === type.kind ? object : { ...object, apiVersion, kind: type.kind };
}

/**
 * Streams a watch as kube-apiserver does: HTTP 200, then one JSON event per line. A
 * resourceVersion older than the store's history yields a single `ERROR` event carrying a 410
 * `Expired` Status and the stream ends, which is what makes informers relist.
 *
 * Subscribes before reading the store so no change between the initial state and the live
 * stream is lost; buffered events at or below the last version sent are dropped.
 */
export function streamWatch(store: ObjectStore, request: WatchRequest, response: ServerResponse): void {
  const { type } = request;
  let lastSent = 0;
  let live = false;
  const buffered: StoreEvent[] = [];
  const timers: NodeJS.Timeout[] = [];
  const render = request.render ?? ((object: KubeObject) => presentObject(object, type));

  const write = (line: WatchEventLine): void => {
    if (!response.writableEnded) response.write(`${JSON.stringify(line)}\n`);
  };
  const wanted = (object: KubeObject): boolean =>
    (request.namespace === undefined || object.metadata.namespace === request.namespace) &&
    (request.name === undefined || object.metadata.name === request.name) &&
    (request.predicate === undefined || request.predicate(object));
  // With a selector, an object that starts or stops matching is ADDED or DELETED for this
  // watcher, as kube-apiserver's watch cache does. `true`: the client has it; absent: unknown.
  const tracking = request.predicate !== undefined;
  const matching = new Map<string, boolean>();
  const keyOf = (object: KubeObject): string => `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  const emit = (event: StoreEvent): void => {
    if (event.resourceVersion <= lastSent) return;
    lastSent = event.resourceVersion;
    const matches = wanted(event.object);
    if (!tracking) {
      if (matches) write({ type: event.type, object: render(event.object) });
      return;
    }
    const key = keyOf(event.object);
    const had = matching.get(key);
    if (event.type === 'DELETED') {
      matching.delete(key);
      if (had !== false && (had === true || matches)) write({ type: 'DELETED', object: render(event.object) });
    } else if (matches) {
      matching.set(key, true);
      write({ type: had === false ? 'ADDED' : event.type, object: render(event.object) });
    } else {
      matching.set(key, false);
      if (had === true) write({ type: 'DELETED', object: render(event.object) });
    }
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    write({
      type: 'BOOKMARK',
      object: {
        kind: type.kind,
        apiVersion: apiVersionOf(type.group, type.version),
        metadata: { resourceVersion: String(Math.max(lastSent, store.currentResourceVersion())), ...(annotations ? { annotations } : {}) },
      },
    });
  };

  const unsubscribe = store.subscribe((event) => {
    if (event.groupResource !== type.groupResource) return;
    if (live) emit(event);
    else buffered.push(event);
  });
  const finish = (): void => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  response.on('close', finish);

  response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  response.flushHeaders();

  if (request.resourceVersion === undefined || request.resourceVersion === 0) {
    const listed = store.list(type.groupResource, request.namespace === undefined ? {} : { namespace: request.namespace });
    for (const object of listed.items) {
      const matches = wanted(object);
      if (tracking) matching.set(keyOf(object), matches);
      if (matches) write({ type: 'ADDED', object: render(object) });
    }
    lastSent = listed.resourceVersion;
    if (request.sendInitialEvents && request.allowWatchBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    let history: StoreEvent[];
    try {
      history = store.eventsSince(request.resourceVersion, type.groupResource);
    } catch (error) {
      if (error instanceof StoreError && error.code === 410) {
        write({ type: 'ERROR', object: tooOldResourceVersion(request.resourceVersion, store.currentResourceVersion()).toStatus() });
        finish();
        return;
      }
      finish();
      throw error;
    }
    lastSent = request.resourceVersion;
    for (const event of history) emit(event);
  }
  live = true;
  for (const event of buffered.splice(0)) emit(event);

  if (request.allowWatchBookmarks) {
    const interval = setInterval(() => bookmark(), request.bookmarkIntervalMs);
    timers.push(interval);
  }
  if (request.endAfterMs !== undefined) timers.push(setTimeout(finish, request.endAfterMs));
}
