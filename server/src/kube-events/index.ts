export { KubeEventLog, type KubeEventLogOptions } from './event-log.js';
export { EventRetention, type EventRetentionOptions } from './event-retention.js';
export { keptEventRow, WORKLOAD_KINDS } from './kept-events.js';
export { objectEventsReader, recordedEventPublisher, streamRecordedEvents, toEventItem } from './event-views.js';
export { kubeEventsRoutes } from './events.routes.js';
