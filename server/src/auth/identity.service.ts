import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ApiError } from '../common/api-error.js';
import { isUniqueViolation, type ApiTokenRow, type IdentityRepo, type RoleBindingRow, type UserRow } from '../store/index.js';
import { isUnscoped, type Binding } from './access.js';
import { compileLabelSelector } from './label-selector.js';
import { hashPassword, spendPasswordCheck, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { isRole, roleRank, type Role } from './roles.js';
import { digest, newSecret } from './secret-values.js';

export const INITIAL_ADMIN_FILE = 'initial-admin-password';
export const TOKEN_PREFIX = 'fo_';

export interface IdentityServiceOptions {
  repo: IdentityRepo;
  logger: Logger;
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  sessionMaxAgeMs: number;
  now?: () => Date;
}

export interface NewSession {
  /** The cookie value; only its digest is stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface BindingInput {
  role: string;
  cluster_ids?: string[];
  cluster_selector?: string;
  namespaces?: string[];
}

/** Writes to the database are skipped when the last one is this recent (last seen, last used). */
const TOUCH_EVERY_MS = 60_000;

/** Users, passwords, sessions, API tokens and role bindings. */
export class IdentityService {
  private readonly now: () => Date;

  constructor(private readonly options: IdentityServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private get repo(): IdentityRepo {
    return this.options.repo;
  }

  /**
   * First start: creates `admin` with a random password, written once to a 0600 file in the
   * data dir (the log names the file, never the password). Returns the file, or undefined when
   * users exist already.
   */
  async ensureInitialAdmin(dataDir: string): Promise<string | undefined> {
    if ((await this.repo.countUsers()) > 0) return undefined;
    const password = randomBytes(18).toString('base64url');
    const file = path.join(dataDir, INITIAL_ADMIN_FILE);
    const id = randomUUID();
    try {
      await this.repo.insertUser(this.newUserRow(id, 'admin', 'local', await hashPassword(password)), [this.bindingRow('user', id, { role: 'admin' })]);
    } catch (error) {
      // Another replica created it at the same moment: its file stands.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    return file;
  }

  // --- passwords and sessions ---

  /** The user when name and password match an enabled local user; undefined otherwise. */
  async checkPassword(username: string, password: string): Promise<UserRow | undefined> {
    const user = await this.repo.userByName(username);
    if (!user || user.kind !== 'local' || !user.password_hash || user.disabled === 1) {
      await spendPasswordCheck(password);
      return undefined;
    }
    return (await verifyPassword(user.password_hash, password)) ? user : undefined;
  }

  async startSession(user: UserRow, groups: readonly string[], source: string | undefined): Promise<NewSession> {
    const token = newSecret();
    const csrfToken = newSecret();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.options.sessionMaxAgeMs).toISOString();
    await this.repo.insertSession({
      id: digest(token),
      user_id: user.id,
      csrf_token: csrfToken,
      groups_json: JSON.stringify(groups),
      source: source ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
    });
    await this.repo.updateUser(user.id, { last_login_at: now.toISOString(), groups_json: JSON.stringify(groups) });
    await this.repo.deleteExpiredSessions(now.toISOString(), new Date(now.getTime() - this.options.sessionIdleMs).toISOString());
    return { token, csrfToken, expiresAt };
  }

  /** The signed-in user of a session cookie, or undefined (unknown, idle too long, expired). */
  /** `touch: false` checks without counting as activity (an open live stream is not a user at work). */
  async sessionPrincipal(cookieValue: string, options: { touch?: boolean } = {}): Promise<Principal | undefined> {
    const id = digest(cookieValue);
    const session = await this.repo.sessionById(id);
    if (!session) return undefined;
    const now = this.now();
    const idleSince = now.getTime() - Date.parse(session.last_seen_at);
    if (Date.parse(session.expires_at) <= now.getTime() || idleSince >= this.options.sessionIdleMs) {
      await this.repo.deleteSession(id);
      return undefined;
    }
    const user = await this.repo.userById(session.user_id);
    if (!user || user.disabled === 1) return undefined;
    // A short idle timeout needs fresher marks: at most a quarter of it may go unrecorded.
    if (options.touch !== false && idleSince > Math.min(TOUCH_EVERY_MS, this.options.sessionIdleMs / 4)) await this.repo.touchSession(id, now.toISOString());
    const groups = JSON.parse(session.groups_json) as string[];
    return { ...(await this.userPrincipal(user, groups)), sessionId: id, csrfToken: session.csrf_token };
  }

  async endSession(sessionId: string): Promise<void> {
    await this.repo.deleteSession(sessionId);
  }

  async changePassword(userId: string, current: string, next: string, keepSession?: string): Promise<void> {
    const user = await this.repo.userById(userId);
    if (!user || user.kind !== 'local' || !user.password_hash) throw new ApiError(400, 'not_local_user', 'Only local users have a password here; change it at your identity provider');
    if (!(await verifyPassword(user.password_hash, current))) throw ApiError.validation([{ field: 'body.current_password', message: 'is not your current password' }]);
    if (next === current) throw ApiError.validation([{ field: 'body.new_password', message: 'must differ from your current password' }]);
    await this.repo.updateUser(userId, { password_hash: await hashPassword(next) });
    // Every other session of this user ends with the old password.
    await this.repo.deleteSessionsOfUser(userId, keepSession);
  }

  // --- principals ---

  async userPrincipal(user: UserRow, groups: readonly string[]): Promise<Principal> {
    const subjects = [{ type: 'user', subject: user.id }, ...groups.map((group) => ({ type: 'group', subject: group }))];
    const bindings = (await this.repo.bindingsOf(subjects)).map(toBinding);
    return { kind: 'user', actor: user.username, userId: user.id, username: user.username, displayName: user.display_name, userKind: user.kind as 'local' | 'oidc' | 'service', groups, bindings };
  }

  /** The caller of an `Authorization: Bearer` token, or undefined (unknown, expired, owner gone). */
  async tokenPrincipal(bearer: string, options: { touch?: boolean } = {}): Promise<Principal | undefined> {
    if (!bearer.startsWith(TOKEN_PREFIX)) return undefined;
    const token = await this.repo.tokenByHash(digest(bearer));
    const now = this.now();
    if (!token || (token.expires_at !== null && Date.parse(token.expires_at) <= now.getTime())) return undefined;
    const owner = await this.repo.userById(token.user_id);
    if (!owner || owner.disabled === 1) return undefined;
    if (options.touch !== false && (token.last_used_at === null || now.getTime() - Date.parse(token.last_used_at) > TOUCH_EVERY_MS)) await this.repo.touchToken(token.id, now.toISOString());
    let bindings = (await this.repo.bindingsOf([{ type: 'token', subject: token.id }])).map(toBinding);
    if (owner.kind !== 'service') {
      // A person's token never holds more than the person does now.
      const ownerBindings = (await this.userPrincipal(owner, JSON.parse(owner.groups_json) as string[])).bindings;
      bindings = bindings.filter((binding) => covered(binding, ownerBindings));
    }
    // The owner in the actor: token names are each user's own, so another user's "ci" is not this one.
    return { kind: 'token', actor: `token:${owner.username}/${token.name}`, userId: owner.id, username: owner.username, displayName: owner.display_name, tokenId: token.id, groups: [], bindings };
  }

  // --- API tokens ---

  async createToken(caller: Principal, input: { name: string; user_id?: string; expires_at?: string } & BindingInput): Promise<{ token: string; row: ApiTokenRow }> {
    const binding = parseBinding(input, 'body');
    const ownerId = input.user_id ?? caller.userId;
    if (!ownerId) throw new ApiError(400, 'no_owner', 'Name the user or service account the token is for (user_id)');
    const owner = await this.repo.userById(ownerId);
    if (!owner) throw ApiError.notFound(`User ${ownerId}`);
    const isAdmin = caller.bindings.some((held) => held.role === 'admin' && isUnscoped(held));
    if (ownerId !== caller.userId && !isAdmin) throw new ApiError(403, 'forbidden', 'Only an admin creates tokens for another user or a service account');
    // A token acts as its owner: nobody mints one that acts as another person.
    if (ownerId !== caller.userId && owner.kind !== 'service') {
      throw new ApiError(400, 'not_a_service_account', `${owner.username} is a person, not a service account: tokens are made for yourself or a service account (${owner.username} can make their own)`);
    }
    // The audit trail and job ownership name a token by owner and name: keep that pair unique.
    if ((await this.repo.listTokens(owner.id)).some((held) => held.name === input.name)) {
      throw ApiError.conflict(`${owner.username} has a token named "${input.name}" already: pick another name, or revoke that one first`);
    }
    if (!isAdmin && !covered(binding, caller.bindings)) {
      throw new ApiError(403, 'forbidden', `You cannot give a token more than you hold: role ${binding.role} with this scope is not one of your role bindings`);
    }
    const expiresAt = input.expires_at;
    if (expiresAt !== undefined && !(Date.parse(expiresAt) > this.now().getTime())) throw ApiError.validation([{ field: 'body.expires_at', message: 'must be a date-time in the future' }]);
    const token = newSecret(TOKEN_PREFIX);
    const row: ApiTokenRow = {
      id: randomUUID(),
      name: input.name,
      user_id: owner.id,
      token_hash: digest(token),
      prefix: token.slice(0, 10),
      created_by: caller.userId ?? 'anonymous',
      created_at: this.now().toISOString(),
      expires_at: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
      last_used_at: null,
    };
    await this.repo.insertToken(row, [this.bindingRow('token', row.id, binding)]);
    return { token, row };
  }

  async listTokens(userId?: string): Promise<Array<{ row: ApiTokenRow; owner: string; bindings: Binding[] }>> {
    const rows = await this.repo.listTokens(userId);
    const bindings = await this.repo.bindingsOf(rows.map((row) => ({ type: 'token', subject: row.id })));
    const users = new Map((await this.repo.listUsers()).map((user) => [user.id, user.username]));
    return rows.map((row) => ({ row, owner: users.get(row.user_id) ?? row.user_id, bindings: bindings.filter((binding) => binding.subject === row.id).map(toBinding) }));
  }

  async tokenById(id: string): Promise<ApiTokenRow | undefined> {
    return this.repo.tokenById(id);
  }

  async revokeToken(id: string): Promise<boolean> {
    return this.repo.deleteToken(id);
  }

  // --- users and bindings (admin) ---

  async listUsers(): Promise<UserRow[]> {
    return this.repo.listUsers();
  }

  async createUser(input: { username: string; display_name?: string; kind: 'local' | 'service'; password?: string; role?: string }): Promise<UserRow> {
    if (input.kind === 'local' && !input.password) throw ApiError.validation([{ field: 'body.password', message: 'is required for a local user' }]);
    if (input.kind === 'service' && input.password) throw ApiError.validation([{ field: 'body.password', message: 'must be absent: a service account signs in with API tokens only' }]);
    const id = randomUUID();
    const row = this.newUserRow(id, input.username, input.kind, input.password ? await hashPassword(input.password) : null, input.display_name);
    const bindings = input.role === undefined ? [] : [this.bindingRow('user', id, parseBinding({ role: input.role }, 'body'))];
    try {
      await this.repo.insertUser(row, bindings);
    } catch (error) {
      if (isUniqueViolation(error)) throw ApiError.conflict(`A user named "${input.username}" exists already`);
      throw error;
    }
    return row;
  }

  /** Signs in (or first creates) an SSO user, keyed by issuer and subject. */
  async upsertExternalUser(externalId: string, username: string, displayName: string): Promise<UserRow> {
    const existing = await this.repo.userByExternalId(externalId);
    if (existing) {
      if (existing.display_name !== displayName) await this.repo.updateUser(existing.id, { display_name: displayName });
      return { ...existing, display_name: displayName };
    }
    let name = username;
    // A local user may hold the name already: SSO users never take over a local account.
    for (let attempt = 2; await this.repo.userByName(name); attempt += 1) name = `${username}-${attempt}`;
    const row = { ...this.newUserRow(randomUUID(), name, 'oidc', null, displayName), external_id: externalId };
    await this.repo.insertUser(row);
    return row;
  }

  /**
   * Renames or disables (enables) a user. Disabling ends their sessions at once; their tokens are
   * refused while they stay disabled. Nobody disables themselves, nor the last user who is admin of
   * the whole fleet (groups count as admins: their members may sign in).
   */
  async updateUser(caller: Principal, id: string, input: { display_name?: string; disabled?: boolean }): Promise<UserRow | undefined> {
    return this.repo.withAccessGuard(async (repo) => {
      const user = await repo.userById(id);
      if (!user) return undefined;
      if (input.disabled === true && user.disabled !== 1) {
        if (id === caller.userId) throw new ApiError(400, 'cannot_disable_self', 'You cannot disable yourself; ask another admin');
        await refuseIfLastFleetAdmin(repo, user, 'disabling');
      }
      const changes: Partial<UserRow> = {};
      if (input.display_name !== undefined) changes.display_name = input.display_name;
      if (input.disabled !== undefined) changes.disabled = input.disabled ? 1 : 0;
      await repo.updateUser(id, changes);
      if (input.disabled === true) await repo.deleteSessionsOfUser(id);
      return { ...user, ...changes };
    });
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.repo.withAccessGuard(async (repo) => {
      const user = await repo.userById(id);
      if (!user) return false;
      await refuseIfLastFleetAdmin(repo, user, 'removing');
      return repo.deleteUser(id);
    });
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return this.repo.userById(id);
  }

  async listBindings(): Promise<RoleBindingRow[]> {
    return (await this.repo.listBindings()).filter((row) => row.subject_type !== 'token');
  }

  async createBinding(input: { subject_type: 'user' | 'group'; subject: string } & BindingInput): Promise<RoleBindingRow> {
    const binding = parseBinding(input, 'body');
    if (input.subject_type === 'user' && !(await this.repo.userById(input.subject))) {
      const byName = await this.repo.userByName(input.subject);
      // A username where the id belongs is the likely mistake: say which id to send.
      if (byName) throw ApiError.validation([{ field: 'body.subject', message: `must be the user's id, not the username: ${byName.username} has the id ${byName.id}` }]);
      throw ApiError.notFound(`User ${input.subject} (subject is the user's id, as GET /api/v1/users lists it)`);
    }
    const row = this.bindingRow(input.subject_type, input.subject, binding);
    await this.repo.insertBinding(row);
    return row;
  }

  /**
   * Gives a user's or group's binding a new role and scope; answers it before and after (for the
   * audit trail), or undefined when there is no such binding (a token's is not one: revoke it).
   */
  async updateBinding(id: string, input: BindingInput): Promise<{ before: RoleBindingRow; after: RoleBindingRow } | undefined> {
    const binding = parseBinding(input, 'body');
    return this.repo.withAccessGuard(async (repo) => {
      const before = (await repo.listBindings()).find((row) => row.id === id && row.subject_type !== 'token');
      if (!before) return undefined;
      const after: RoleBindingRow = { ...this.bindingRow(before.subject_type as 'user' | 'group', before.subject, binding), id: before.id, created_at: before.created_at };
      if (!isFleetAdmin(after) && (await isLastUsableFleetAdmin(repo, before))) {
        throw new ApiError(409, 'last_admin', 'This is the last binding that makes a user or group admin of the whole fleet: narrowing it would leave nobody able to manage access. Bind the admin role (no scope) to another user or group first.');
      }
      return (await repo.updateBinding(after)) ? { before, after } : undefined;
    });
  }

  /** The binding removed (for the audit trail), or undefined when there was none. */
  async deleteBinding(id: string): Promise<RoleBindingRow | undefined> {
    return this.repo.withAccessGuard(async (repo) => {
      const row = (await repo.listBindings()).find((binding) => binding.id === id);
      if (!row) return undefined;
      // Without a fleet-wide admin nobody could manage access again (short of editing the database).
      if (await isLastUsableFleetAdmin(repo, row)) {
        throw new ApiError(409, 'last_admin', 'This is the last binding that makes a user or group admin of the whole fleet: removing it would leave nobody able to manage access. Bind the admin role (no scope) to another user or group first.');
      }
      return (await repo.deleteBinding(id)) ? row : undefined;
    });
  }

  private newUserRow(id: string, username: string, kind: 'local' | 'oidc' | 'service', passwordHash: string | null, displayName?: string): UserRow {
    return {
      id,
      username,
      username_key: username.toLowerCase(),
      display_name: displayName ?? username,
      kind,
      password_hash: passwordHash,
      external_id: null,
      groups_json: '[]',
      disabled: 0,
      created_at: this.now().toISOString(),
      last_login_at: null,
    };
  }

  private bindingRow(subjectType: 'user' | 'group' | 'token', subject: string, binding: Binding): RoleBindingRow {
    return {
      id: randomUUID(),
      subject_type: subjectType,
      subject,
      role: binding.role,
      cluster_ids_json: binding.clusterIds ? JSON.stringify(binding.clusterIds) : null,
      cluster_selector: binding.clusterSelector ?? null,
      namespaces_json: binding.namespaces ? JSON.stringify(binding.namespaces) : null,
      created_at: this.now().toISOString(),
    };
  }
}

/** A user's or group's admin binding over the whole fleet: what can manage access (not a token's). */
function isFleetAdmin(row: RoleBindingRow): boolean {
  return row.subject_type !== 'token' && row.role === 'admin' && row.cluster_ids_json === null && row.cluster_selector === null && row.namespaces_json === null;
}

export function toBinding(row: RoleBindingRow): Binding {
  return {
    // An unknown role in the table (a newer version's?) grants nothing beyond a viewer.
    role: isRole(row.role) ? row.role : 'viewer',
    ...(row.cluster_ids_json !== null ? { clusterIds: JSON.parse(row.cluster_ids_json) as string[] } : {}),
    ...(row.cluster_selector !== null ? { clusterSelector: row.cluster_selector } : {}),
    ...(row.namespaces_json !== null ? { namespaces: JSON.parse(row.namespaces_json) as string[] } : {}),
  };
}

/** Validates a role and its scope as the API takes them; a 400 names the field. */
export function parseBinding(input: BindingInput, where: string): Binding {
  if (!isRole(input.role)) throw ApiError.validation([{ field: `${where}.role`, message: `must be viewer, operator or admin, got "${input.role}"` }]);
  if (input.cluster_selector !== undefined && !compileLabelSelector(input.cluster_selector)) {
    throw ApiError.validation([{ field: `${where}.cluster_selector`, message: `"${input.cluster_selector}" is not a label selector; write key=value, key!=value, key or !key, comma-separated` }]);
  }
  const role: Role = input.role;
  return {
    role,
    ...(input.cluster_ids !== undefined ? { clusterIds: [...new Set(input.cluster_ids)] } : {}),
    ...(input.cluster_selector !== undefined ? { clusterSelector: input.cluster_selector } : {}),
    ...(input.namespaces !== undefined ? { namespaces: [...new Set(input.namespaces)] } : {}),
  };
}

/** `binding` gives nothing beyond one of `held`: a role as high, over the fleet or the very same scope. */
function covered(binding: Binding, held: readonly Binding[]): boolean {
  const scope = (b: Binding): string => JSON.stringify([b.clusterIds ?? null, b.clusterSelector ?? null, b.namespaces ?? null]);
  return held.some((mine) => roleRank(mine.role) >= roleRank(binding.role) && (isUnscoped(mine) || scope(mine) === scope(binding)));
}

// --- the last-admin guard: each runs inside IdentityRepo.withAccessGuard, so a concurrent change
// cannot slip between its check and the write that follows ---

/**
 * The bindings that let someone manage access: admin over the whole fleet, of a group (its
 * members can sign in) or of a user who is not disabled. Never a token's.
 */
async function usableFleetAdminBindings(repo: IdentityRepo): Promise<RoleBindingRow[]> {
  const disabled = new Set((await repo.listUsers()).filter((user) => user.disabled === 1).map((user) => user.id));
  return (await repo.listBindings()).filter((row) => isFleetAdmin(row) && !(row.subject_type === 'user' && disabled.has(row.subject)));
}

async function isLastUsableFleetAdmin(repo: IdentityRepo, binding: RoleBindingRow): Promise<boolean> {
  const usable = await usableFleetAdminBindings(repo);
  return usable.some((row) => row.id === binding.id) && usable.length === 1;
}

/** 409 when `user` is the last enabled user (and no group) bound to admin over the whole fleet. */
async function refuseIfLastFleetAdmin(repo: IdentityRepo, user: UserRow, doing: string): Promise<void> {
  const usable = await usableFleetAdminBindings(repo);
  const isThisUser = (row: RoleBindingRow) => row.subject_type === 'user' && row.subject === user.id;
  if (usable.some(isThisUser) && !usable.some((row) => !isThisUser(row))) {
    throw new ApiError(409, 'last_admin', `${user.username} is the last user who is admin of the whole fleet: ${doing} them would leave nobody able to manage access. Bind the admin role (no scope) to another user or group first.`);
  }
}
