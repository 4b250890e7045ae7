import { Type, type Static } from '@sinclair/typebox';

/** One schema per API shape (validation, serialisation, OpenAPI, the web app's types). */

export const KubeEventItem = Type.Object(
  {
    id: Type.String({ description: '`cluster_id/uid` of the Event object.' }),
    cluster_id: Type.String(),
    cluster: Type.String({ description: 'The cluster’s display name.' }),
    kind: Type.String({ description: 'Kind of the object the event is about (a Flux kind, or a workload kind for Warning events).' }),
    namespace: Type.String(),
    name: Type.String(),
    type: Type.String({ description: 'Normal or Warning.' }),
    reason: Type.String(),
    message: Type.String(),
    count: Type.Integer({ description: 'How often the cluster saw it.' }),
    source: Type.String({ description: 'The component that reported it.' }),
    first_seen: Type.String(),
    last_seen: Type.String(),
  },
  { $id: 'KubeEventItem' },
);
export type KubeEventItem = Static<typeof KubeEventItem>;

export const KubeEventList = Type.Object(
  {
    items: Type.Array(Type.Ref(KubeEventItem)),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last. A page may hold fewer than `limit` items before the last.' }),
  },
  { $id: 'KubeEventList' },
);

const CSV = (description: string) => Type.Optional(Type.String({ maxLength: 4096, description: `${description} Several values separated by commas.` }));
const Time = (description: string) => Type.Optional(Type.String({ maxLength: 64, description: `${description} ISO 8601 time, e.g. 2026-01-31T12:00:00Z.` }));

/** The filters of the list and the export. */
export const KubeEventFilters = {
  cluster: CSV('Cluster id or name.'),
  kind: CSV('Kind of the involved object: a Flux kind (Kind, plural or short name) or Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob.'),
  namespace: CSV('Namespace of the involved object.'),
  name: CSV('Name of the involved object.'),
  type: Type.Optional(Type.Union([Type.Literal('Warning'), Type.Literal('Normal')])),
  reason: CSV('Reason, e.g. ReconciliationFailed.'),
  q: Type.Optional(Type.String({ maxLength: 256, description: 'Text in message, reason or name (case-insensitive).' })),
  since: Time('Last seen at or after.'),
  until: Time('Last seen at or before.'),
};

export const KubeEventListQuery = Type.Object(
  {
    ...KubeEventFilters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);
export type KubeEventListQuery = Static<typeof KubeEventListQuery>;

export const KubeEventExportQuery = Type.Object(
  { ...KubeEventFilters, format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { description: 'Default csv.' })) },
  { additionalProperties: false },
);
