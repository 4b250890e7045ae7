/**
 * events.k8s.io/v1 Events are another representation of core/v1 Events (kube-apiserver stores
 * them once). Field mapping as in k8s.io/kubernetes pkg/apis/events/v1 conversion:
 * involvedObject ↔ regarding, message ↔ note, source.component ↔ deprecatedSource, count ↔
 * deprecatedCount, first/lastTimestamp ↔ deprecatedFirst/LastTimestamp,
 * reportingComponent ↔ reportingController.
 */
import type { KubeObject } from '../store/types.js';

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

export const eventsV1View = {
  fromStorage(event: KubeObject): KubeObject {
    return {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: event.metadata,
      ...defined({
        // v1 requires eventTime; legacy events only have timestamps (kube-apiserver leaves it null too).
        eventTime: event.eventTime ?? null,
        series: event.series,
        reportingController: event.reportingComponent || (event.source as { component?: string } | undefined)?.component,
        reportingInstance: event.reportingInstance,
        action: event.action,
        reason: event.reason,
        regarding: event.involvedObject,
        related: event.related,
        note: event.message,
        type: event.type,
        deprecatedSource: event.source,
        deprecatedFirstTimestamp: event.firstTimestamp,
        deprecatedLastTimestamp: event.lastTimestamp,
        deprecatedCount: event.count,
      }),
    };
  },
  toStorage(event: KubeObject): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: event.metadata,
      ...defined({
        involvedObject: event.regarding ?? {},
        reason: event.reason,
        message: event.note,
        source: event.deprecatedSource ?? (event.reportingController ? { component: event.reportingController } : undefined),
        firstTimestamp: event.deprecatedFirstTimestamp,
        lastTimestamp: event.deprecatedLastTimestamp,
        count: event.deprecatedCount,
        type: event.type,
        eventTime: event.eventTime,
        series: event.series,
        action: event.action,
        related: event.related,
        reportingComponent: event.reportingController ?? '',
        reportingInstance: event.reportingInstance ?? '',
      }),
    };
  },
};
