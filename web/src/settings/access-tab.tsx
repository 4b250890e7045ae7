import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useDeleteRoleBinding, useDeleteUser, useRoleBindings, useUpdateUser, useUsers, type RoleBinding, type User } from '../api/access.js';
import { useClusters } from '../api/clusters.js';
import { useCurrentUser } from '../auth/auth-gate.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { RelativeTime } from '../components/relative-time.js';
import { bindingsOf, describeScope, isOwnFleetAdmin, KIND_LABELS, KIND_NOUNS, summarizeBinding } from './access-model.js';
import { BindingForm } from './binding-form.js';
import { UserForm } from './user-form.js';

type Pending = { kind: 'user'; user: User } | { kind: 'disable'; user: User } | { kind: 'binding'; binding: RoleBinding };
type Notice = { text: string; offerBindingFor?: User };

/**
 * Settings → Access: users and service accounts, and the role bindings that give users and
 * single sign-on groups a role over the fleet or a scope. Admins over the whole fleet only (the
 * settings page offers the tab to no one else; the server checks `identity:admin` regardless).
 */
export function AccessTab() {
  const me = useCurrentUser();
  const users = useUsers();
  const bindings = useRoleBindings();
  const clusters = useClusters();
  const deleteUser = useDeleteUser();
  const updateUser = useUpdateUser();
  const deleteBinding = useDeleteRoleBinding();
  const [addingUser, setAddingUser] = useState(false);
  /** The binding form: a new one (maybe for a user), or a change of `editing`. */
  const [addingBinding, setAddingBinding] = useState<{ userId?: string | undefined; editing?: RoleBinding }>();
  const [notice, setNotice] = useState<Notice>();
  const [pending, setPending] = useState<Pending>();
  const noticeRef = useRef<HTMLDivElement>(null);
  // A notice follows a form that closed or a row that went away: focus would be lost, so it lands here.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const clusterNames = useMemo(() => new Map((clusters.data?.items ?? []).map((cluster) => [cluster.id, cluster.name])), [clusters.data]);
  const userList = useMemo(() => users.data?.items ?? [], [users.data]);
  const userById = useMemo(() => new Map(userList.map((user) => [user.id, user])), [userList]);
  const knownGroups = useMemo(() => [...new Set(userList.flatMap((user) => user.groups))].sort(), [userList]);
  const bindingList = bindings.data?.items ?? [];

  const subjectName = (binding: RoleBinding): string => (binding.subject_type === 'group' ? `group ${binding.subject}` : (userById.get(binding.subject)?.username ?? `removed user ${binding.subject.slice(0, 8)}`));
  const ownAdminBindings = me ? bindingList.filter((binding) => isOwnFleetAdmin(binding, me)) : [];

  const openBindingForm = (userId?: string) => {
    setNotice(undefined);
    setAddingBinding({ userId });
  };
  const openBindingEditor = (binding: RoleBinding) => {
    setNotice(undefined);
    setAddingBinding({ editing: binding });
  };
  const confirmDelete = () => {
    if (pending?.kind === 'user') {
      const { user } = pending;
      deleteUser.mutate(user.id, {
        onSuccess: () => {
          setPending(undefined);
          setNotice({ text: `Deleted ${KIND_NOUNS[user.kind]} “${user.username}”.` });
        },
      });
    } else if (pending?.kind === 'disable') {
      const { user } = pending;
      updateUser.mutate(
        { id: user.id, body: { disabled: true } },
        {
          onSuccess: () => {
            setPending(undefined);
            setNotice({ text: `Disabled ${KIND_NOUNS[user.kind]} “${user.username}”.` });
          },
        },
      );
    } else if (pending?.kind === 'binding') {
      const { binding } = pending;
      deleteBinding.mutate(binding.id, {
        onSuccess: () => {
          setPending(undefined);
          setNotice({ text: `Removed the ${binding.role} binding of ${subjectName(binding)}.` });
        },
      });
    }
  };
  const askToDelete = (next: Pending) => {
    deleteUser.reset();
    updateUser.reset();
    deleteBinding.reset();
    setPending(next);
  };
  const enable = (user: User) => {
    setNotice(undefined);
    updateUser.mutate({ id: user.id, body: { disabled: false } }, { onSuccess: () => setNotice({ text: `Enabled ${KIND_NOUNS[user.kind]} “${user.username}”.` }) });
  };

  return (
    <div className="stack">
      <p className="muted" style={{ maxWidth: 720 }}>
        Who can sign in, and what they may do. A role binding gives a user or a single sign-on group a role, <strong>viewer</strong>, <strong>operator</strong> or{' '}
        <strong>admin</strong>, over every cluster or only some clusters and namespaces. Bindings add up; someone without any can sign in but sees nothing.
      </p>
      {me?.auth_mode === 'none' && (
        <div className="alert" data-tone="warn" role="note">
          <div className="alert-body">
            <span className="alert-title">Login is off on this server (AUTH_MODE=none)</span>
            <span>Everyone is an admin here. The users and bindings made now apply once the server runs with AUTH_MODE=local.</span>
          </div>
        </div>
      )}
      {notice && (
        <div ref={noticeRef} tabIndex={-1} className="alert access-notice" data-tone="ok" role="status">
          <div className="alert-body">
            <span className="alert-title">{notice.text}</span>
            {notice.offerBindingFor && <span>They can sign in but see nothing until a role binding gives them a role.</span>}
          </div>
          <div className="row">
            {notice.offerBindingFor && (
              <button type="button" className="button small primary" onClick={() => openBindingForm(notice.offerBindingFor?.id)}>
                Add a role binding for {notice.offerBindingFor.username}
              </button>
            )}
            <button type="button" className="button small" onClick={() => setNotice(undefined)}>
              Dismiss
            </button>
          </div>
        </div>
      )}

      <section className="card" aria-labelledby="access-users-title">
        <div className="card-header">
          <h2 id="access-users-title">Users</h2>
          {!addingUser && (
            <button
              type="button"
              className="button small primary"
              onClick={() => {
                setNotice(undefined);
                setAddingUser(true);
              }}
            >
              Add user
            </button>
          )}
        </div>
        {addingUser && (
          <div className="card-body access-form-wrap">
            <UserForm
              onCancel={() => setAddingUser(false)}
              onCreated={(user) => {
                setAddingUser(false);
                setNotice({ text: `Created ${KIND_NOUNS[user.kind]} “${user.username}”.`, offerBindingFor: user });
              }}
            />
          </div>
        )}
        {users.isPending && <Loading label="Loading users…" />}
        {users.isError && <ErrorAlert title="Could not load users" error={users.error} onRetry={() => void users.refetch()} />}
        {updateUser.isError && !pending && <ErrorAlert title="The user was not enabled" error={updateUser.error} />}
        {users.data && userList.length === 0 && (
          <EmptyState title="No users yet">Add a local user, who signs in with a password, or a service account for automation. Single sign-on users appear here after their first sign-in.</EmptyState>
        )}
        {userList.length > 0 && (
          <div className="table-wrap">
            <table className="data access-table" aria-label="Users">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col" className="wide-only">
                    Kind
                  </th>
                  <th scope="col">Role bindings</th>
                  <th scope="col" className="wide-only">
                    Created
                  </th>
                  <th scope="col" className="wide-only">
                    Last sign-in
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {userList.map((user) => {
                  const held = bindingsOf(user, bindingList);
                  const isMe = user.id === me?.user_id;
                  return (
                    <tr key={user.id}>
                      <td>
                        <div className="cell-title">
                          {user.username} {isMe && <span className="chip">you</span>}
                          {user.disabled && (
                            <span className="badge" data-tone="warn">
                              disabled
                            </span>
                          )}
                        </div>
                        {user.display_name !== user.username && <div className="cell-sub">{user.display_name}</div>}
                        <div className="cell-sub narrow-only">
                          {KIND_LABELS[user.kind]} · {user.kind === 'service' ? 'no sign-in' : <>signed in <RelativeTime iso={user.last_login_at} fallback="never" /></>}
                        </div>
                      </td>
                      <td className="wide-only">{KIND_LABELS[user.kind]}</td>
                      <td>
                        {held.own.length + held.viaGroups.length === 0 && <span className="muted">none: sees nothing</span>}
                        <ul className="binding-chips">
                          {held.own.map((binding) => (
                            <li key={binding.id} className="chip">
                              {summarizeBinding(binding, clusterNames)}
                            </li>
                          ))}
                          {held.viaGroups.map((binding) => (
                            <li key={binding.id} className="chip" title="From a group the user last signed in with">
                              {summarizeBinding(binding, clusterNames)} (group {binding.subject})
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td className="wide-only">
                        <RelativeTime iso={user.created_at} />
                      </td>
                      <td className="wide-only">{user.kind === 'service' ? <span className="faint">no sign-in</span> : <RelativeTime iso={user.last_login_at} fallback="never" />}</td>
                      <td className="actions-cell">
                        {!isMe &&
                          (user.disabled ? (
                            <button type="button" className="button small" onClick={() => enable(user)} disabled={updateUser.isPending} aria-label={`Enable ${user.username}`}>
                              Enable
                            </button>
                          ) : (
                            <button type="button" className="button small" onClick={() => askToDelete({ kind: 'disable', user })} aria-label={`Disable ${user.username}`}>
                              Disable
                            </button>
                          ))}
                        {user.kind === 'service' && !user.disabled && (
                          <Link href={`/tokens?owner=${encodeURIComponent(user.id)}`} className="button small" aria-label={`New API token for ${user.username}`}>
                            New token
                          </Link>
                        )}
                        <button
                          type="button"
                          className="button small danger"
                          onClick={() => askToDelete({ kind: 'user', user })}
                          disabled={isMe}
                          title={isMe ? 'You cannot delete yourself; ask another admin' : undefined}
                          aria-label={`Delete user ${user.username}`}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="access-bindings-title">
        <div className="card-header">
          <h2 id="access-bindings-title">Role bindings</h2>
          {!addingBinding && (
            <button type="button" className="button small primary" onClick={() => openBindingForm()}>
              Add role binding
            </button>
          )}
        </div>
        {addingBinding && (
          <div className="card-body access-form-wrap">
            <BindingForm
              key={addingBinding.editing?.id ?? addingBinding.userId ?? ''}
              users={userList}
              clusters={clusters.data?.items}
              knownGroups={knownGroups}
              initialUserId={addingBinding.userId}
              editing={addingBinding.editing}
              subjectLabel={addingBinding.editing && subjectName(addingBinding.editing)}
              onCancel={() => setAddingBinding(undefined)}
              onSaved={(binding) => {
                setAddingBinding(undefined);
                const role = summarizeBinding(binding, clusterNames);
                setNotice({ text: addingBinding.editing ? `Changed the binding of ${subjectName(binding)} to ${role}.` : `Gave ${subjectName(binding)} the role ${role}.` });
              }}
            />
          </div>
        )}
        {bindings.isPending && <Loading label="Loading role bindings…" />}
        {bindings.isError && <ErrorAlert title="Could not load role bindings" error={bindings.error} onRetry={() => void bindings.refetch()} />}
        {bindings.data && bindingList.length === 0 && (
          <EmptyState title="No role bindings yet">Give a user or a single sign-on group a role with “Add role binding”. Without one, a user can sign in but sees nothing.</EmptyState>
        )}
        {bindingList.length > 0 && (
          <div className="table-wrap">
            <table className="data access-table" aria-label="Role bindings">
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col" className="wide-only">
                    Role
                  </th>
                  <th scope="col">Clusters</th>
                  <th scope="col" className="wide-only">
                    Namespaces
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {bindingList.map((binding) => {
                  const scope = describeScope(binding, clusterNames);
                  const user = binding.subject_type === 'user' ? userById.get(binding.subject) : undefined;
                  return (
                    <tr key={binding.id}>
                      <td>
                        <div className="cell-title">{binding.subject_type === 'group' ? binding.subject : (user?.username ?? subjectName(binding))}</div>
                        <div className="cell-sub">
                          {binding.subject_type === 'group' ? 'Single sign-on group' : user ? KIND_LABELS[user.kind] : 'User'}
                          {user?.disabled && ' · disabled: grants nothing until enabled'}
                        </div>
                        <div className="narrow-only">
                          <span className="chip">{binding.role}</span>
                        </div>
                      </td>
                      <td className="wide-only">
                        <span className="chip">{binding.role}</span>
                      </td>
                      <td>
                        <span className={scope.clusters === 'every cluster' ? 'muted' : undefined}>{scope.clusters}</span>
                        <div className="cell-sub wrap narrow-only">{scope.namespaces === 'every namespace' ? 'every namespace' : `namespaces ${scope.namespaces}`}</div>
                      </td>
                      <td className={`wide-only${scope.namespaces === 'every namespace' ? ' muted' : ''}`}>{scope.namespaces}</td>
                      <td className="actions-cell">
                        <button type="button" className="button small" onClick={() => openBindingEditor(binding)} aria-label={`Change the ${binding.role} binding of ${subjectName(binding)}`}>
                          Change
                        </button>
                        <button type="button" className="button small danger" onClick={() => askToDelete({ kind: 'binding', binding })} aria-label={`Remove the ${binding.role} binding of ${subjectName(binding)}`}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <ConfirmDialog
        open={pending?.kind === 'user'}
        title={pending?.kind === 'user' ? `Delete ${pending.user.username}?` : ''}
        confirmLabel="Delete user"
        busy={deleteUser.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setPending(undefined)}
      >
        {pending?.kind === 'user' && <DeleteUserText user={pending.user} bindingCount={bindingsOf(pending.user, bindingList).own.length} />}
        {deleteUser.isError && <ErrorAlert title="The user was not deleted" error={deleteUser.error} />}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'disable'}
        title={pending?.kind === 'disable' ? `Disable ${pending.user.username}?` : ''}
        confirmLabel="Disable user"
        busy={updateUser.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setPending(undefined)}
      >
        <p>
          {pending?.kind === 'disable' && pending.user.kind === 'service' ? 'Its API tokens are refused' : 'Their sessions end at once, sign-in is refused and their API tokens are refused'} until
          enabled again. Role bindings and tokens are kept.
        </p>
        {updateUser.isError && <ErrorAlert title="The user was not disabled" error={updateUser.error} />}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'binding'}
        title="Remove this role binding?"
        confirmLabel="Remove binding"
        busy={deleteBinding.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setPending(undefined)}
      >
        {pending?.kind === 'binding' && (
          <>
            <p>
              {subjectName(pending.binding)} loses <strong>{summarizeBinding(pending.binding, clusterNames)}</strong> at once, in open sessions and API tokens too.
            </p>
            {ownAdminBindings.length === 1 && ownAdminBindings[0]?.id === pending.binding.id && (
              <div className="alert" data-tone="warn">
                <div className="alert-body">
                  <span className="alert-title">This binding makes you an admin</span>
                  <span>Without it you can no longer manage users and bindings; only another admin can give the role back.</span>
                </div>
              </div>
            )}
          </>
        )}
        {deleteBinding.isError && <ErrorAlert title="The binding was not removed" error={deleteBinding.error} />}
      </ConfirmDialog>
    </div>
  );
}

function DeleteUserText({ user, bindingCount }: { user: User; bindingCount: number }) {
  const owner = user.kind === 'service' ? 'its' : 'their';
  const ends = user.kind === 'service' ? 'Its API tokens stop working at once' : 'Their sessions end and their API tokens stop working at once';
  const removed = bindingCount === 0 ? '' : `, and ${owner} ${bindingCount === 1 ? 'role binding is' : `${bindingCount} role bindings are`} removed`;
  return (
    <>
      <p>
        {ends}
        {removed}.
      </p>
      {user.kind === 'oidc' && <p className="muted">A single sign-on user is created again at their next sign-in, with only what their groups give them. To keep them out, disable them instead.</p>}
    </>
  );
}
