import { Type, type Static } from '@sinclair/typebox';

const Tail = Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 100, description: 'Lines to show from before now (default 100).' }));
const SinceSeconds = Type.Optional(Type.Integer({ minimum: 1, maximum: 31 * 86_400, description: 'Only lines of the last this many seconds.' }));
const Follow = Type.Optional(Type.Boolean({ description: 'Keep the answer open and send new lines as they are written.' }));

export const ObjectLogsQuery = Type.Object(
  {
    tail: Tail,
    since_seconds: SinceSeconds,
    follow: Follow,
    level: Type.Optional(Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('error')], { description: '`error`: errors only; `info` (default): no debug lines.' })),
    flux_namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'Where the Flux controllers run (default `flux-system`).' })),
  },
  { additionalProperties: false },
);
export type ObjectLogsQuery = Static<typeof ObjectLogsQuery>;

/** Kubernetes names: a namespace is an RFC 1123 label, most object names an RFC 1123 subdomain. */
export const NamespaceName = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'A namespace (lower-case letters, digits and -).' });
export const ObjectName = Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', description: 'An object name (lower-case letters, digits, - and .).' });

export const PodParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), namespace: NamespaceName, name: ObjectName }, { additionalProperties: false });
export type PodParams = Static<typeof PodParams>;

export const PodLogsQuery = Type.Object(
  { container: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'Required when the pod has several containers.' })), tail: Tail, since_seconds: SinceSeconds, follow: Follow },
  { additionalProperties: false },
);
export type PodLogsQuery = Static<typeof PodLogsQuery>;

export const LogEntrySchema = Type.Object(
  {
    time: Type.Union([Type.String(), Type.Null()]),
    level: Type.String(),
    message: Type.String(),
    pod: Type.String(),
    container: Type.String(),
    fields: Type.Record(Type.String(), Type.Unknown()),
  },
  { description: 'One line of the NDJSON answer (application/x-ndjson): one of these per line.' },
);
