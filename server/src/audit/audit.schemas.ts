import { Type, type Static } from '@sinclair/typebox';

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actor: Type.String({ description: 'Who: a username, `token:<name>` for an API token, `anonymous` (AUTH_MODE=none or a failed sign-in), `system` (background work).' }),
    source: Type.Union([Type.String(), Type.Null()], { description: 'Client address of the request.' }),
    cluster_id: Type.Union([Type.String(), Type.Null()], { description: 'The cluster the entry is about, if any.' }),
    action: Type.String({ description: 'e.g. cluster.create, azure.subscription.sync, cluster.kubeconfig.download' }),
    target: Type.String({ description: 'The cluster id, subscription id, …' }),
    detail: Type.Record(Type.String(), Type.Unknown(), { description: 'What changed (never a secret).' }),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditList = Type.Object({ items: Type.Array(AuditEntry) }, { $id: 'AuditList' });
export type AuditList = Static<typeof AuditList>;

export const AuditQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false });
