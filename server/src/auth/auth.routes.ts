import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../common/api-error.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import { isUnscoped, type Binding } from './access.js';
import { clearSessionCookie, secureCookie, SESSION_COOKIE, setSessionCookie, type AuthMode, type CookieSecurity } from './auth-hook.js';
import {
  ApiToken,
  ApiTokenCreateBody,
  ApiTokenCreated,
  ApiTokenList,
  AuthOptions,
  BindingScope,
  LoginBody,
  Me,
  PasswordChangeBody,
  RoleBinding,
  RoleBindingCreateBody,
  RoleBindingUpdateBody,
  RoleBindingList,
  User,
  UserCreateBody,
  UserUpdateBody,
  UserList,
} from './auth.schemas.js';
import type { IdentityService } from './identity.service.js';
import { SsoRefused, type OidcLogin, type PendingSignIn } from './oidc-login.js';
import type { Principal } from './principal.js';
import { currentCaller } from './request-caller.js';
import { ROLE_PERMISSIONS } from './roles.js';
import { FirstPerWindow } from './first-per-window.js';
import { toBinding } from './identity.service.js';
import type { ApiTokenRow, RoleBindingRow, UserRow } from '../store/index.js';

/** What the routes need of the audit trail (kept narrow: auth does not depend on audit). */
export interface AuthAudit {
  record(entry: { action: string; target: string; actor?: string; detail?: Record<string, unknown> }): Promise<void>;
}

export interface AuthRoutesOptions {
  mode: AuthMode;
  identity: IdentityService;
  audit: AuthAudit;
  /** Failed or not, sign-in attempts per client address per minute. */
  loginAttemptsPerMinute: number;
  /** Single sign-on, when configured. */
  oidc?: OidcLogin;
  cookieSecure: CookieSecurity;
}

const OIDC_COOKIE = 'fo_oidc';
const OIDC_COOKIE_PATH = '/api/v1/auth/oidc';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** `/api/v1/auth/*` (sign in and out, who am I), `/api/v1/tokens`, `/api/v1/users`, `/api/v1/role-bindings`. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { mode, identity, audit, loginAttemptsPerMinute, oidc, cookieSecure }) => {
  for (const schema of [BindingScope, AuthOptions, Me, ApiToken, ApiTokenList, ApiTokenCreated, User, UserList, RoleBinding, RoleBindingList]) app.addSchema(schema);
  const throttledAudits = new FirstPerWindow(60_000);

  app.get('/auth/options', {
    config: { permission: 'public' },
    schema: { summary: 'How to sign in here (for the login page)', tags: ['auth'], response: { 200: Type.Ref(AuthOptions) } },
    handler: async (request) => {
      const session = request.cookies[SESSION_COOKIE];
      const signedIn = mode === 'none' || (session !== undefined && (await identity.sessionPrincipal(session, { touch: false })) !== undefined);
      return { auth_mode: mode, oidc: oidc && mode === 'local' ? { name: oidc.settings.displayName, login_url: '/api/v1/auth/oidc/login' } : null, signed_in: signedIn };
    },
  });

  if (oidc && mode === 'local') {
    app.get('/auth/oidc/login', {
      config: { permission: 'public' },
      schema: { summary: 'Single sign-on: redirects to the identity provider (authorization code + PKCE)', tags: ['auth'], response: { 302: Type.Null(), 502: ErrorResponse } },
      handler: async (request, reply) => {
        let started;
        try {
          started = await oidc.start();
        } catch (error) {
          request.log.warn({ err: error }, 'single sign-on: the identity provider could not be discovered');
          throw new ApiError(502, 'sso_unavailable', `The identity provider at ${oidc.settings.issuer} could not be reached or did not answer as an OpenID Connect issuer`);
        }
        // state, nonce and the PKCE verifier stay in this browser until the callback: HttpOnly, 10 minutes.
        reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify(started.pending)).toString('base64url'), {
          path: OIDC_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookie(request, cookieSecure),
          maxAge: 600,
        });
        return reply.redirect(started.url, 302);
      },
    });

    app.get('/auth/oidc/callback', {
      config: { permission: 'public', rateLimit: { max: loginAttemptsPerMinute, timeWindow: 60_000 } },
      schema: { summary: 'Single sign-on: where the identity provider sends the browser back', tags: ['auth'], querystring: Type.Record(Type.String(), Type.String()), response: { 302: Type.Null() } },
      handler: async (request, reply) => {
        const fail = async (reason: string, shown: string) => {
          await audit.record({ action: 'auth.login.failed', target: 'sso', detail: { method: 'oidc', reason } });
          return reply.redirect(`/?sso_error=${encodeURIComponent(shown)}`, 302);
        };
        const raw = request.cookies[OIDC_COOKIE];
        reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
        const pending = parsePending(raw);
        if (!pending) return fail('no sign-in in progress', 'Single sign-on did not start here, or took longer than 10 minutes. Try again.');
        const callback = new URL(oidc.settings.redirectUrl);
        callback.search = new URL(request.url, 'http://placeholder').search;
        let identityFound;
        try {
          identityFound = await oidc.finish(callback, pending);
        } catch (error) {
          const reason = describeSsoError(error);
          request.log.warn({ reason }, 'single sign-on refused');
          return fail(reason, error instanceof SsoRefused ? `Single sign-on refused: ${reason}` : 'Single sign-on failed: the identity provider\'s answer did not pass the checks. Try again, or ask an administrator to look at the server log.');
        }
        const user = await identity.upsertExternalUser(identityFound.externalId, identityFound.username, identityFound.displayName);
        if (user.disabled === 1) return fail('user disabled', `Your account ${user.username} is disabled here; ask an administrator to enable it.`);
        const session = await identity.startSession(user, identityFound.groups, request.ip);
        setSessionCookie(request, reply, cookieSecure, session.token, session.expiresAt);
        const caller = currentCaller();
        if (caller) caller.actor = user.username;
        await audit.record({ action: 'auth.login', target: user.username, detail: { method: 'oidc', groups: identityFound.groups.length } });
        return reply.redirect('/', 302);
      },
    });
  }

  app.post('/auth/login', {
    config: {
      permission: 'public',
      rateLimit: {
        max: loginAttemptsPerMinute,
        timeWindow: 60_000,
        onExceeded: (request) => {
          // Once per address and minute: refused attempts must not flood the trail (and push
          // what matters out of sight) at whatever rate an attacker sends them.
          if (throttledAudits.first(`login ${request.ip}`)) void audit.record({ action: 'auth.login.throttled', target: request.ip, detail: { window_seconds: 60 } }).catch(() => undefined);
        },
      },
    },
    schema: {
      summary: 'Sign in with a local username and password',
      description: 'Sets the HttpOnly session cookie. Failed attempts are audited and rate-limited per client address.',
      tags: ['auth'],
      body: LoginBody,
      response: { 200: Type.Ref(Me), ...errors, 429: ErrorResponse },
    },
    handler: async (request, reply) => {
      if (mode === 'none') throw new ApiError(400, 'login_disabled', 'This server runs with AUTH_MODE=none: there is nothing to sign in to');
      const { username, password } = request.body;
      const user = await identity.checkPassword(username, password);
      if (!user) {
        await audit.record({ action: 'auth.login.failed', target: username, detail: { method: 'password' } });
        throw new ApiError(401, 'invalid_credentials', 'Wrong username or password');
      }
      const session = await identity.startSession(user, [], request.ip);
      setSessionCookie(request, reply, cookieSecure, session.token, session.expiresAt);
      const caller = currentCaller();
      if (caller) caller.actor = user.username;
      await audit.record({ action: 'auth.login', target: user.username, detail: { method: 'password' } });
      return toMe(mode, { ...(await identity.userPrincipal(user, [])), csrfToken: session.csrfToken });
    },
  });

  app.post('/auth/logout', {
    config: { permission: 'authenticated' },
    schema: { summary: 'Sign out: ends the session (server side) and clears the cookie', tags: ['auth'], response: { 204: Type.Null(), 401: ErrorResponse } },
    handler: async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind === 'token') throw new ApiError(400, 'no_session', 'An API token has no session to end; revoke it with DELETE /api/v1/tokens/{id}');
      if (principal.sessionId) {
        await identity.endSession(principal.sessionId);
        await audit.record({ action: 'auth.logout', target: principal.actor, detail: {} });
      }
      clearSessionCookie(request, reply, cookieSecure);
      return reply.code(204).send(null);
    },
  });

  app.get('/auth/me', {
    config: { permission: 'authenticated' },
    schema: { summary: 'Who is calling: user or token, roles, and the CSRF token of the session', tags: ['auth'], response: { 200: Type.Ref(Me), 401: ErrorResponse } },
    handler: async (request) => toMe(mode, request.principal!),
  });

  app.post('/auth/password', {
    // Guessing the current password here is guessing a sign-in: the same limit, and failures audited.
    config: {
      permission: 'authenticated',
      rateLimit: {
        max: loginAttemptsPerMinute,
        timeWindow: 60_000,
        onExceeded: (request) => {
          if (throttledAudits.first(`password ${request.ip}`)) void audit.record({ action: 'auth.password.throttled', target: request.ip, detail: { window_seconds: 60 } }).catch(() => undefined);
        },
      },
    },
    schema: { summary: 'Change your own password (other sessions end)', description: 'Attempts are rate-limited per client address as sign-ins are; a wrong current password is audited.', tags: ['auth'], body: PasswordChangeBody, response: { 204: Type.Null(), ...errors, 429: ErrorResponse } },
    handler: async (request, reply) => {
      const principal = request.principal!;
      if (principal.kind !== 'user' || !principal.userId) throw new ApiError(400, 'not_local_user', 'Sign in with your password to change it');
      try {
        await identity.changePassword(principal.userId, request.body.current_password, request.body.new_password, principal.sessionId);
      } catch (error) {
        if (error instanceof ApiError && error.details?.some((detail) => detail.field === 'body.current_password')) {
          await audit.record({ action: 'auth.password.change.failed', target: principal.actor, detail: { reason: 'wrong current password' } });
        }
        throw error;
      }
      await audit.record({ action: 'auth.password.change', target: principal.actor, detail: {} });
      return reply.code(204).send(null);
    },
  });

  // --- API tokens ---

  app.get('/tokens', {
    config: { permission: 'authenticated' },
    schema: { summary: 'API tokens: your own (an admin sees every token; a token that is not an admin\'s sees only itself)', tags: ['auth'], response: { 200: Type.Ref(ApiTokenList), 401: ErrorResponse } },
    handler: async (request) => {
      const principal = request.principal!;
      const tokens = await identity.listTokens(isAdmin(principal) ? undefined : (principal.userId ?? ''));
      // As with revoking: a token acts with its own role, so a leaked viewer token does not learn
      // the names, roles and scopes of its owner's other tokens.
      const visible = principal.kind === 'token' && !isAdmin(principal) ? tokens.filter(({ row }) => row.id === principal.tokenId) : tokens;
      return { items: visible.map(({ row, owner, bindings }) => toApiToken(row, owner, bindings)) };
    },
  });

  app.post('/tokens', {
    config: { permission: 'authenticated' },
    schema: {
      summary: 'Create an API token (for yourself, or as admin for a service account); the token is shown once',
      description: 'Use it as `Authorization: Bearer <token>`. It holds the role and scope given here, never more than its owner holds.',
      tags: ['auth'],
      body: ApiTokenCreateBody,
      response: { 201: Type.Ref(ApiTokenCreated), ...errors },
    },
    handler: async (request, reply) => {
      const principal = request.principal!;
      // A token never mints tokens: a leaked one cannot outlive its own revocation.
      if (principal.kind === 'token') throw new ApiError(403, 'forbidden', 'Sign in to create API tokens; a token cannot create tokens');
      const { token, row } = await identity.createToken(principal, request.body);
      const owner = (await identity.userById(row.user_id))?.username ?? row.user_id;
      const binding: Binding = toBinding({ id: '', subject: '', subject_type: 'token', created_at: '', role: request.body.role, cluster_ids_json: request.body.cluster_ids ? JSON.stringify(request.body.cluster_ids) : null, cluster_selector: request.body.cluster_selector ?? null, namespaces_json: request.body.namespaces ? JSON.stringify(request.body.namespaces) : null });
      await audit.record({ action: 'token.create', target: row.id, detail: { name: row.name, owner, ...toScope(binding), expires_at: row.expires_at } });
      return reply.code(201).send({ token, api_token: toApiToken(row, owner, [binding]) });
    },
  });

  app.delete('/tokens/:id', {
    config: { permission: 'authenticated' },
    schema: { summary: 'Revoke an API token (yours; an admin revokes any)', tags: ['auth'], params: IdParams, response: { 204: Type.Null(), 401: ErrorResponse, 404: ErrorResponse } },
    handler: async (request, reply) => {
      const principal = request.principal!;
      const token = await identity.tokenById(request.params.id);
      // Someone else's token is "not found": its existence is not the caller's business.
      if (!token || (token.user_id !== principal.userId && !isAdmin(principal))) throw ApiError.notFound(`API token ${request.params.id}`);
      // A token acts with its own role, not its owner's: unless it is an admin's, it may only revoke
      // itself (a leaked viewer token must not be able to revoke the owner's other tokens).
      if (principal.kind === 'token' && token.id !== principal.tokenId && !isAdmin(principal)) {
        throw new ApiError(403, 'forbidden', 'An API token may revoke only itself; sign in to manage your other tokens');
      }
      await identity.revokeToken(token.id);
      await audit.record({ action: 'token.revoke', target: token.id, detail: { name: token.name } });
      return reply.code(204).send(null);
    },
  });

  // --- users and role bindings (admin) ---

  app.get('/users', {
    config: { permission: 'identity:admin' },
    schema: { summary: 'Users and service accounts', tags: ['auth'], response: { 200: Type.Ref(UserList), 401: ErrorResponse, 403: ErrorResponse } },
    handler: async () => ({ items: (await identity.listUsers()).map(toUser) }),
  });

  app.post('/users', {
    config: { permission: 'identity:admin' },
    schema: { summary: 'Create a local user (with a password) or a service account (tokens only)', tags: ['auth'], body: UserCreateBody, response: { 201: Type.Ref(User), ...errors } },
    handler: async (request, reply) => {
      const user = await identity.createUser(request.body);
      await audit.record({ action: 'user.create', target: user.id, detail: { username: user.username, kind: user.kind, role: request.body.role ?? null } });
      return reply.code(201).send(toUser(user));
    },
  });

  app.patch('/users/:id', {
    config: { permission: 'identity:admin' },
    schema: {
      summary: 'Rename a user, or disable (enable) them',
      description: 'Disabling ends their sessions and refuses their API tokens until they are enabled again; their bindings and tokens are kept. You cannot disable yourself (400 `cannot_disable_self`), nor the last user who is admin of the whole fleet (409 `last_admin`).',
      tags: ['auth'],
      params: IdParams,
      body: UserUpdateBody,
      response: { 200: Type.Ref(User), ...errors, 409: ErrorResponse },
    },
    handler: async (request) => {
      const user = await identity.updateUser(request.principal!, request.params.id, request.body);
      if (!user) throw ApiError.notFound(`User ${request.params.id}`);
      await audit.record({ action: 'user.update', target: user.id, detail: { username: user.username, fields: Object.keys(request.body).sort(), ...(request.body.disabled !== undefined ? { disabled: request.body.disabled } : {}) } });
      return toUser(user);
    },
  });

  app.delete('/users/:id', {
    config: { permission: 'identity:admin' },
    schema: {
      summary: 'Remove a user with their sessions, tokens and bindings',
      description: 'Not yourself (400 `cannot_delete_self`), nor the last user who is admin of the whole fleet (409 `last_admin`).',
      tags: ['auth'],
      params: IdParams,
      response: { 204: Type.Null(), ...errors, 409: ErrorResponse },
    },
    handler: async (request, reply) => {
      if (request.params.id === request.principal?.userId) throw new ApiError(400, 'cannot_delete_self', 'You cannot remove yourself; ask another admin');
      const user = await identity.userById(request.params.id);
      if (!user || !(await identity.deleteUser(user.id))) throw ApiError.notFound(`User ${request.params.id}`);
      await audit.record({ action: 'user.delete', target: user.id, detail: { username: user.username } });
      return reply.code(204).send(null);
    },
  });

  app.get('/role-bindings', {
    config: { permission: 'identity:admin' },
    schema: { summary: 'Role bindings of users and groups', tags: ['auth'], response: { 200: Type.Ref(RoleBindingList), 401: ErrorResponse, 403: ErrorResponse } },
    handler: async () => ({ items: (await identity.listBindings()).map(toRoleBinding) }),
  });

  app.post('/role-bindings', {
    config: { permission: 'identity:admin' },
    schema: { summary: 'Bind a role to a user or group, over the fleet or a scope', tags: ['auth'], body: RoleBindingCreateBody, response: { 201: Type.Ref(RoleBinding), ...errors } },
    handler: async (request, reply) => {
      const row = await identity.createBinding(request.body);
      await audit.record({ action: 'role-binding.create', target: row.id, detail: bindingDetail(row) });
      return reply.code(201).send(toRoleBinding(row));
    },
  });

  app.put('/role-bindings/:id', {
    config: { permission: 'identity:admin' },
    schema: {
      summary: 'Give a role binding a new role and scope (its user or group stays)',
      description: 'The body replaces the role and the whole scope (no `cluster_ids`, `cluster_selector` or `namespaces`: every cluster and namespace). The last admin binding over the whole fleet is not narrowed: 409 `last_admin`.',
      tags: ['auth'],
      params: IdParams,
      body: RoleBindingUpdateBody,
      response: { 200: Type.Ref(RoleBinding), ...errors, 409: ErrorResponse },
    },
    handler: async (request) => {
      const updated = await identity.updateBinding(request.params.id, request.body);
      if (!updated) throw ApiError.notFound(`Role binding ${request.params.id}`);
      await audit.record({ action: 'role-binding.update', target: request.params.id, detail: { ...bindingDetail(updated.after), before: toScope(toBinding(updated.before)) } });
      return toRoleBinding(updated.after);
    },
  });

  app.delete('/role-bindings/:id', {
    config: { permission: 'identity:admin' },
    schema: {
      summary: 'Remove a role binding',
      description: 'The last admin binding over the whole fleet (of a user or group) is not removed: 409 `last_admin`.',
      tags: ['auth'],
      params: IdParams,
      response: { 204: Type.Null(), ...errors, 409: ErrorResponse },
    },
    handler: async (request, reply) => {
      const removed = await identity.deleteBinding(request.params.id);
      if (!removed) throw ApiError.notFound(`Role binding ${request.params.id}`);
      await audit.record({ action: 'role-binding.delete', target: request.params.id, detail: bindingDetail(removed) });
      return reply.code(204).send(null);
    },
  });

};

/** The error and its causes (openid-client wraps the precise one: signature, `exp`, `aud`, …). */
function describeSsoError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error && parts.length < 4; current = current.cause) {
    const claim = (current as { claim?: unknown }).claim;
    parts.push(typeof claim === 'string' ? `${current.message} (claim "${claim}")` : current.message);
  }
  return parts.join(': ') || String(error);
}

function parsePending(raw: string | undefined): PendingSignIn | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    return typeof value.state === 'string' && typeof value.nonce === 'string' && typeof value.verifier === 'string' ? { state: value.state, nonce: value.nonce, verifier: value.verifier } : undefined;
  } catch {
    return undefined;
  }
}

/** What the audit trail keeps of a role binding: who, which role, and its scope. */
function bindingDetail(row: RoleBindingRow): Record<string, unknown> {
  return { subject_type: row.subject_type, subject: row.subject, ...toScope(toBinding(row)) };
}

function isAdmin(principal: Principal): boolean {
  return principal.bindings.some((binding) => binding.role === 'admin' && isUnscoped(binding));
}

function toScope(binding: Binding): BindingScope {
  return {
    role: binding.role,
    ...(binding.clusterIds ? { cluster_ids: [...binding.clusterIds] } : {}),
    ...(binding.clusterSelector ? { cluster_selector: binding.clusterSelector } : {}),
    ...(binding.namespaces ? { namespaces: [...binding.namespaces] } : {}),
  };
}

function toMe(mode: AuthMode, principal: Principal): Me {
  const permissions = new Set(principal.bindings.flatMap((binding) => [...ROLE_PERMISSIONS[binding.role]]));
  return {
    auth_mode: mode,
    kind: principal.kind,
    username: principal.username ?? principal.actor,
    display_name: principal.displayName ?? principal.username ?? principal.actor,
    user_id: principal.userId ?? null,
    groups: [...principal.groups],
    bindings: principal.bindings.map(toScope),
    permissions: [...permissions].sort(),
    csrf_token: principal.csrfToken ?? null,
    password_login: principal.kind === 'user' && principal.userKind === 'local',
  };
}

function toApiToken(row: ApiTokenRow, owner: string, bindings: Binding[]): ApiToken {
  return { id: row.id, name: row.name, prefix: row.prefix, user_id: row.user_id, owner, bindings: bindings.map(toScope), created_at: row.created_at, expires_at: row.expires_at, last_used_at: row.last_used_at };
}

function toUser(row: UserRow): User {
  // The store holds only these three kinds (identity.service.ts writes them).
  const kind = row.kind === 'oidc' || row.kind === 'service' ? row.kind : 'local';
  return { id: row.id, username: row.username, display_name: row.display_name, kind, groups: JSON.parse(row.groups_json) as string[], disabled: row.disabled === 1, created_at: row.created_at, last_login_at: row.last_login_at };
}

function toRoleBinding(row: RoleBindingRow) {
  return { id: row.id, subject_type: row.subject_type as 'user' | 'group', subject: row.subject, ...toScope(toBinding(row)), created_at: row.created_at };
}
