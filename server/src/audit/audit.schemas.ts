import { Type, type Static } from '@sinclair/typebox';

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actor: Type.String({ description: 'Who: a username, `token:<owner>/<name>` for an API token, `anonymous` (AUTH_MODE=none or a failed sign-in), `system` (background work).' }),
    source: Type.Union([Type.String(), Type.Null()], { description: 'Client address of the request.' }),
    cluster_id: Type.Union([Type.String(), Type.Null()], { description: 'The cluster the entry is about, if any.' }),
    action: Type.String({ description: 'e.g. cluster.create, azure.subscription.sync, cluster.kubeconfig.download' }),
    target: Type.String({ description: 'The cluster id, subscription id, …' }),
    detail: Type.Record(Type.String(), Type.Unknown(), { description: 'What changed (never a secret).' }),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditList = Type.Object(
  {
    items: Type.Array(AuditEntry),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
  },
  { $id: 'AuditList' },
);
export type AuditList = Static<typeof AuditList>;

const CommaList = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description }));

export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'From `next_cursor` of the previous page.' })),
    action: CommaList('Only these actions, comma-separated; `auth.*` matches every action starting with `auth.`.'),
    actor: CommaList('Only entries by these actors (usernames, `token:<owner>/<name>`, `system`, `anonymous`), comma-separated.'),
    cluster_id: CommaList('Only entries about these clusters, comma-separated ids.'),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
