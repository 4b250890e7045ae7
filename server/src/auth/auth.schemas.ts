import { Type, type Static } from '@sinclair/typebox';
import { describedPattern, NON_BLANK_PRINTABLE } from '../http/common.schemas.js';

const Role = Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')], { description: 'viewer (read), operator (viewer + Flux actions), admin (everything)' });
const ClusterId = Type.String({ minLength: 1, maxLength: 64, pattern: NON_BLANK_PRINTABLE });
const Namespace = Type.String({ minLength: 1, maxLength: 253, pattern: describedPattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'must be a Kubernetes namespace name: lowercase letters, digits and -, starting and ending with a letter or digit') });
const USERNAME = describedPattern('^[A-Za-z0-9][-A-Za-z0-9_.@]*$', 'must start with a letter or digit and hold only letters, digits, -, _, . and @ (no spaces)');

/** A role and its optional scope; no scope means the whole fleet. */
const BindingFields = {
  role: Role,
  cluster_ids: Type.Optional(Type.Array(ClusterId, { maxItems: 1000, description: 'Only these clusters (ids).' })),
  cluster_selector: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, pattern: NON_BLANK_PRINTABLE, description: 'Only clusters whose labels match, e.g. `env=dev,team!=a`.' })),
  namespaces: Type.Optional(Type.Array(Namespace, { maxItems: 1000, description: 'Only Flux objects in these namespaces.' })),
};

export const BindingScope = Type.Object(BindingFields, { $id: 'BindingScope', additionalProperties: false });
export type BindingScope = Static<typeof BindingScope>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 191, pattern: NON_BLANK_PRINTABLE }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const AuthOptions = Type.Object(
  {
    auth_mode: Type.Union([Type.Literal('local'), Type.Literal('none')], { description: '`none`: no login (loopback only); every caller is admin.' }),
    oidc: Type.Union([Type.Null(), Type.Object({ name: Type.String(), login_url: Type.String() })], { description: 'Single sign-on, when configured.' }),
    signed_in: Type.Boolean({
      description: 'Whether this request carries a live session cookie (checked without counting as activity; always true without login). Lets the web app show the sign-in page without asking GET /auth/me for a 401.',
    }),
  },
  { $id: 'AuthOptions' },
);

export const Me = Type.Object(
  {
    auth_mode: Type.Union([Type.Literal('local'), Type.Literal('none')]),
    kind: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Literal('anonymous')]),
    username: Type.String(),
    display_name: Type.String(),
    user_id: Type.Union([Type.String(), Type.Null()]),
    groups: Type.Array(Type.String()),
    bindings: Type.Array(BindingScope),
    permissions: Type.Array(Type.String(), { description: 'Permissions held somewhere (over the fleet or within a scope).' }),
    csrf_token: Type.Union([Type.String(), Type.Null()], { description: `Send it as the x-csrf-token header on every state change made with the session cookie.` }),
    password_login: Type.Boolean({ description: 'True for a local user signed in with a session: the one who can change a password here (POST /api/v1/auth/password). Single sign-on users change theirs at the identity provider.' }),
  },
  { $id: 'Me' },
);
export type Me = Static<typeof Me>;

export const PasswordChangeBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: 1024 }),
    new_password: Type.String({ minLength: 12, maxLength: 1024, description: 'At least 12 characters.' }),
  },
  { additionalProperties: false },
);

export const ApiToken = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart.' }),
    user_id: Type.String(),
    owner: Type.String({ description: 'Username of the user or service account the token acts as.' }),
    bindings: Type.Array(BindingScope),
    created_at: Type.String({ format: 'date-time' }),
    expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) }, { $id: 'ApiTokenList' });

export const ApiTokenCreated = Type.Object(
  { token: Type.String({ description: 'The token itself: shown this once, stored only hashed.' }), api_token: ApiToken },
  { $id: 'ApiTokenCreated' },
);

export const ApiTokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 191, pattern: NON_BLANK_PRINTABLE }),
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Owner (default: yourself); another user or a service account needs admin.' })),
    expires_at: Type.Optional(Type.String({ format: 'date-time', description: 'Default: never.' })),
    ...BindingFields,
  },
  { additionalProperties: false },
);

export const User = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    display_name: Type.String(),
    kind: Type.Union([Type.Literal('local'), Type.Literal('oidc'), Type.Literal('service')], { description: 'local (password), oidc (single sign-on) or service (a service account: API tokens only)' }),
    groups: Type.Array(Type.String(), { description: 'A single sign-on user\'s groups as the identity provider sent them at their last sign-in (what a group role binding names); empty for the others.' }),
    disabled: Type.Boolean({ description: 'A disabled user cannot sign in, their sessions have ended and their API tokens are refused (until enabled again).' }),
    created_at: Type.String({ format: 'date-time' }),
    last_login_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'User' },
);
export type User = Static<typeof User>;
export const UserList = Type.Object({ items: Type.Array(User) }, { $id: 'UserList' });

export const UserCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 191, pattern: USERNAME }),
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 191, pattern: NON_BLANK_PRINTABLE })),
    kind: Type.Union([Type.Literal('local'), Type.Literal('service')]),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);

export const UserUpdateBody = Type.Object(
  {
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 191, pattern: NON_BLANK_PRINTABLE, description: "A single sign-on user's is set again from the identity provider at each sign-in." })),
    disabled: Type.Optional(Type.Boolean({ description: 'true: no sign-in, sessions end, API tokens refused; false: allowed again (tokens work again).' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RoleBinding = Type.Object(
  {
    id: Type.String(),
    subject_type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
    subject: Type.String({ description: 'User id, or group name / object id as the identity provider sends it.' }),
    ...BindingFields,
    created_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'RoleBinding' },
);
export const RoleBindingList = Type.Object({ items: Type.Array(RoleBinding) }, { $id: 'RoleBindingList' });

/** A binding's new role and scope (its subject stays: bind someone else with a new binding). */
export const RoleBindingUpdateBody = Type.Object(BindingFields, { additionalProperties: false });

export const RoleBindingCreateBody = Type.Object(
  {
    subject_type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
    subject: Type.String({ minLength: 1, maxLength: 191, pattern: NON_BLANK_PRINTABLE, description: 'For a user: their id (GET /api/v1/users), not the username. For a group: its name or object id as the identity provider sends it.' }),
    ...BindingFields,
  },
  { additionalProperties: false },
);
