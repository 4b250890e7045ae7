import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Identity: users (local or from SSO, and service accounts), sessions, API tokens and role
 * bindings; the audit trail gains the source address and the cluster an entry is about (so a
 * caller scoped to some clusters sees only their entries). Secrets are stored hashed only.
 */
export function identity(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(191)', (c) => c.notNull())
        /** Lower-cased username: uniqueness must not depend on each database's collation. */
        .addColumn('username_key', 'varchar(191)', (c) => c.notNull().unique())
        .addColumn('display_name', 'varchar(191)', (c) => c.notNull())
        // 'local' (password), 'oidc' (signed in through SSO) or 'service' (tokens only).
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(255)')
        // `issuer|subject` of an SSO user.
        .addColumn('external_id', 'varchar(512)')
        .addColumn('groups_json', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_login_at', 'varchar(40)')
        .execute();
      await db.schema
        .createTable('sessions')
        // SHA-256 of the cookie value: a leaked table gives no usable session.
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        // Groups the identity provider asserted at sign-in (SSO users), for group bindings.
        .addColumn('groups_json', 'text', (c) => c.notNull())
        .addColumn('source', 'varchar(64)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(191)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        // The first characters of the token, so a person can tell tokens apart.
        .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(36)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(40)')
        .addColumn('last_used_at', 'varchar(40)')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
      await db.schema
        .createTable('role_bindings')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        // 'user' (users.id), 'group' (group name or object id) or 'token' (api_tokens.id).
        .addColumn('subject_type', 'varchar(16)', (c) => c.notNull())
        .addColumn('subject', 'varchar(191)', (c) => c.notNull())
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        // Scope; all null means the whole fleet.
        .addColumn('cluster_ids_json', 'text')
        .addColumn('cluster_selector', 'varchar(1024)')
        .addColumn('namespaces_json', 'text')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('role_bindings_subject').on('role_bindings').columns(['subject_type', 'subject']).execute();
      await db.schema.alterTable('audit_log').addColumn('source', 'varchar(64)').execute();
      await db.schema.alterTable('audit_log').addColumn('cluster_id', 'varchar(36)').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_log').dropColumn('cluster_id').execute();
      await db.schema.alterTable('audit_log').dropColumn('source').execute();
      await db.schema.dropTable('role_bindings').ifExists().execute();
      await db.schema.dropTable('api_tokens').ifExists().execute();
      await db.schema.dropTable('sessions').ifExists().execute();
      await db.schema.dropTable('users').ifExists().execute();
    },
  };
}
