import { createHash } from 'node:crypto';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import type { KubeEventRow } from '../store/index.js';

/**
 * Workload kinds whose Warning events are kept (by API group): what a failing Flux apply usually
 * leads to (a Deployment past its progress deadline, a crash-looping or unschedulable Pod).
 * Their Normal events (scheduling, pulling, scaling) are routine churn and are left out.
 */
export const WORKLOAD_KINDS: ReadonlyMap<string, string> = new Map([
  ['Deployment', 'apps'],
  ['StatefulSet', 'apps'],
  ['DaemonSet', 'apps'],
  ['ReplicaSet', 'apps'],
  ['Pod', ''],
  ['Job', 'batch'],
  ['CronJob', 'batch'],
]);

/** A core/v1 Event as the API server sends it (only what is kept is read). */
interface CoreEvent {
  metadata?: { uid?: string; namespace?: string; creationTimestamp?: string };
  involvedObject?: { apiVersion?: string; kind?: string; namespace?: string; name?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  source?: { component?: string };
  reportingComponent?: string;
  reportingController?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
}

/** Messages keep their first 4,000 characters (a Flux change set can be long). */
const MAX_MESSAGE = 4000;

function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function isoTime(...candidates: Array<string | null | undefined>): string | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const time = Date.parse(candidate);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return undefined;
}

/**
 * The row to keep for an event, or undefined when it is not kept: every event of a Flux object
 * (its kind in the catalog, in that kind's API group), and Warning events of workloads.
 */
export function keptEventRow(clusterId: string, object: unknown): KubeEventRow | undefined {
  const event = object as CoreEvent;
  const involved = event.involvedObject;
  const uid = event.metadata?.uid;
  if (!involved?.kind || !involved.name || !uid) return undefined;
  const type = event.type === 'Warning' ? 'Warning' : 'Normal';
  const group = groupOf(involved.apiVersion);
  const fluxKind = findFluxKind(involved.kind);
  let kind: string;
  if (fluxKind && fluxKind.kind === involved.kind && fluxKind.group === group) kind = fluxKind.kind;
  else if (type === 'Warning' && WORKLOAD_KINDS.get(involved.kind) === group) kind = involved.kind;
  else return undefined;
  const lastSeen = isoTime(event.series?.lastObservedTime, event.lastTimestamp, event.eventTime, event.metadata?.creationTimestamp) ?? new Date().toISOString();
  return {
    cluster_id: clusterId,
    uid: uid.slice(0, 64),
    namespace: event.metadata?.namespace ?? '',
    involved_kind: kind,
    involved_namespace: involved.namespace ?? event.metadata?.namespace ?? '',
    involved_name: involved.name,
    type,
    reason: (event.reason ?? '').slice(0, 255),
    message: (event.message ?? '').slice(0, MAX_MESSAGE),
    count: Math.max(1, Math.trunc(Number(event.series?.count ?? event.count ?? 1)) || 1),
    source: (event.source?.component || event.reportingComponent || event.reportingController || '').slice(0, 255),
    first_seen: isoTime(event.firstTimestamp, event.eventTime, event.metadata?.creationTimestamp) ?? lastSeen,
    last_seen: lastSeen,
  };
}

/** What tells a stored event from its next version: a repeat moves count and last_seen, an update may change the text. */
export function eventSignature(row: KubeEventRow): string {
  return `${row.count}|${row.last_seen}|${row.type}|${row.reason}|${createHash('sha256').update(row.message).digest('base64').slice(0, 16)}`;
}
