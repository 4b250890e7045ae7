import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useCreateRoleBinding, useUpdateRoleBinding, type Role, type RoleBinding, type RoleBindingCreateBody, type User } from '../api/access.js';
import type { Cluster } from '../api/clusters.js';
import { ApiRequestError } from '../api/request.js';
import { Loading } from '../components/feedback.js';
import { FormField } from '../components/form-field.js';
import { compileSelector, KIND_LABELS, namespaceProblems, parseNamespaces, ROLES } from './access-model.js';

const FIELDS = ['subject_type', 'subject', 'role', 'cluster_ids', 'cluster_selector', 'namespaces'] as const;
type ScopeChoice = 'fleet' | 'clusters' | 'selector';

/** The scope choice a binding's fields make (one naming clusters by id and by labels shows as picked clusters). */
function scopeOf(binding: RoleBinding | undefined): ScopeChoice {
  if (binding?.cluster_ids) return 'clusters';
  if (binding?.cluster_selector) return 'selector';
  return 'fleet';
}

/**
 * A role for a user or an SSO group, over the whole fleet or some clusters (picked by name, or
 * by a label selector that also covers clusters added later) and optionally some namespaces.
 * With `editing`, the same form changes that binding's role and scope (its subject stays).
 */
export function BindingForm({
  users,
  clusters: loadedClusters,
  knownGroups,
  initialUserId,
  editing,
  subjectLabel,
  onSaved,
  onCancel,
}: {
  users: readonly User[];
  /** Undefined while they load. */
  clusters: readonly Cluster[] | undefined;
  /** Groups single sign-on users last signed in with (suggestions for a group binding). */
  knownGroups: readonly string[];
  initialUserId?: string | undefined;
  /** The binding to change, and who holds it in words. */
  editing?: RoleBinding | undefined;
  subjectLabel?: string | undefined;
  onSaved: (binding: RoleBinding) => void;
  onCancel: () => void;
}) {
  const createBinding = useCreateRoleBinding();
  const updateBinding = useUpdateRoleBinding();
  const save = editing ? updateBinding : createBinding;
  const clusters = loadedClusters ?? [];
  const id = useId();
  const [subjectType, setSubjectType] = useState<'user' | 'group'>('user');
  const [userId, setUserId] = useState(initialUserId ?? '');
  const [group, setGroup] = useState('');
  const [role, setRole] = useState<Role>(editing?.role ?? 'viewer');
  const [scope, setScope] = useState<ScopeChoice>(scopeOf(editing));
  const [clusterIds, setClusterIds] = useState<ReadonlySet<string>>(new Set(editing?.cluster_ids ?? []));
  const [selector, setSelector] = useState(editing?.cluster_selector ?? '');
  const [namespacesText, setNamespacesText] = useState(editing?.namespaces?.join(', ') ?? '');
  const [sentNamespaces, setSentNamespaces] = useState<string[]>([]);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  // Opened on request (maybe from the notice far above): bring it into view, ready to type.
  useEffect(() => formRef.current?.querySelector<HTMLElement>(initialUserId || editing ? 'select' : 'input')?.focus(), [initialUserId, editing]);

  const requestError = save.error instanceof ApiRequestError ? save.error : undefined;
  const serverErrors = requestError ? requestError.fieldErrors() : {};
  const badNamespaces = requestError && namespaceProblems(requestError.details, sentNamespaces);
  if (badNamespaces) serverErrors.namespaces = badNamespaces;
  // A user that is gone meanwhile: said at the user picker (a binding gone meanwhile, above the buttons).
  const subjectGone = requestError?.status === 404 && !editing;
  if (subjectGone) serverErrors.subject = requestError.message;
  const errors = { ...serverErrors, ...localErrors };
  const formError = requestError ? (subjectGone ? undefined : requestError.unplacedMessage(FIELDS)) : save.error?.message;

  const preview = useMemo(() => {
    if (scope !== 'selector' || !selector.trim()) return undefined;
    const matches = compileSelector(selector);
    if (!matches) return 'Not a label selector yet: write key=value, key!=value, key or !key, comma-separated.';
    const covered = clusters.filter((cluster) => matches(cluster.labels));
    if (covered.length === 0) return `Matches none of the ${clusters.length} clusters now; clusters added later with matching labels will be covered.`;
    return `Matches ${covered.length} of ${clusters.length} clusters now: ${covered.map((cluster) => cluster.name).join(', ')}.`;
  }, [scope, selector, clusters]);

  const toggleCluster = (clusterId: string, on: boolean) => {
    const next = new Set(clusterIds);
    if (on) next.add(clusterId);
    else next.delete(clusterId);
    setClusterIds(next);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const subject = subjectType === 'user' ? userId : group.trim();
    if (!subject && !editing) problems.subject = subjectType === 'user' ? 'Pick a user.' : 'Type the group as the identity provider sends it.';
    if (scope === 'clusters' && clusterIds.size === 0) problems.cluster_ids = 'Pick at least one cluster, or choose another scope.';
    if (scope === 'selector' && !selector.trim()) problems.cluster_selector = 'Write a label selector, e.g. env=dev.';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const namespaces = parseNamespaces(namespacesText);
    setSentNamespaces(namespaces);
    const scopeFields = {
      role,
      // Picked ids the cluster list no longer has (a cluster removed) stay out.
      ...(scope === 'clusters' ? { cluster_ids: clusters.filter((cluster) => clusterIds.has(cluster.id)).map((cluster) => cluster.id) } : {}),
      ...(scope === 'selector' ? { cluster_selector: selector.trim() } : {}),
      ...(namespaces.length ? { namespaces } : {}),
    };
    if (editing) {
      updateBinding.mutate({ id: editing.id, body: scopeFields }, { onSuccess: onSaved });
    } else {
      const body: RoleBindingCreateBody = { subject_type: subjectType, subject, ...scopeFields };
      createBinding.mutate(body, { onSuccess: onSaved });
    }
  };

  return (
    <form ref={formRef} className="access-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{editing ? 'Change role binding' : 'New role binding'}</h3>
      {editing ? (
        <p className="muted">Of {subjectLabel}: a new role and scope, from their next request on.</p>
      ) : (
        <fieldset className="choice-group">
          <legend>Give the role to</legend>
          <label className="checkbox">
            <input type="radio" name={`${id}-subject`} checked={subjectType === 'user'} onChange={() => setSubjectType('user')} />A user or service account
          </label>
          <label className="checkbox">
            <input type="radio" name={`${id}-subject`} checked={subjectType === 'group'} onChange={() => setSubjectType('group')} />A single sign-on group
          </label>
        </fieldset>
      )}
      <div className="form-grid">
        {editing ? null : subjectType === 'user' ? (
          <FormField label="User" error={errors.subject}>
            <select className="input" value={userId} onChange={(event) => setUserId(event.target.value)}>
              <option value="">Choose a user…</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username}
                  {user.display_name !== user.username ? ` (${user.display_name})` : ''} · {KIND_LABELS[user.kind]}
                </option>
              ))}
            </select>
          </FormField>
        ) : (
          <FormField label="Group" error={errors.subject} hint="Exactly as the identity provider sends it in the groups claim: a name (Dex, Keycloak, Okta) or an object id (Entra ID).">
            <input className="input" value={group} onChange={(event) => setGroup(event.target.value)} list={`${id}-groups`} autoComplete="off" spellCheck={false} maxLength={191} />
          </FormField>
        )}
        <FormField label="Role" error={errors.role}>
          <select className="input" value={role} onChange={(event) => setRole(ROLES.find((item) => item.role === event.target.value)?.role ?? 'viewer')}>
            {ROLES.map((item) => (
              <option key={item.role} value={item.role}>
                {item.label}: {item.description}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      {knownGroups.length > 0 && (
        <datalist id={`${id}-groups`}>
          {knownGroups.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      )}
      <fieldset className="choice-group">
        <legend>On which clusters</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-scope`} checked={scope === 'fleet'} onChange={() => setScope('fleet')} />
          Every cluster
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-scope`} checked={scope === 'clusters'} onChange={() => setScope('clusters')} />
          Chosen clusters
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-scope`} checked={scope === 'selector'} onChange={() => setScope('selector')} />
          Clusters with labels
        </label>
      </fieldset>
      {scope === 'clusters' && (
        <fieldset className="cluster-picker" aria-describedby={errors.cluster_ids ? `${id}-clusters-error` : undefined}>
          <legend className="visually-hidden">Clusters</legend>
          {!loadedClusters && <Loading label="Loading clusters…" />}
          {loadedClusters?.length === 0 && <p className="muted">No clusters registered yet. Use labels to cover clusters added later.</p>}
          {clusters.map((cluster) => (
            <label key={cluster.id} className="checkbox">
              <input type="checkbox" checked={clusterIds.has(cluster.id)} onChange={(event) => toggleCluster(cluster.id, event.target.checked)} />
              <span className="cluster-choice">
                {cluster.name}
                {Object.entries(cluster.labels).map(([key, value]) => (
                  <span key={key} className="chip">
                    {key}={value}
                  </span>
                ))}
              </span>
            </label>
          ))}
          {errors.cluster_ids && (
            <span className="field-error" id={`${id}-clusters-error`} role="alert">
              {errors.cluster_ids}
            </span>
          )}
        </fieldset>
      )}
      <div className="form-grid">
        {scope === 'selector' && (
          <FormField label="Cluster labels" error={errors.cluster_selector} hint={preview ?? 'e.g. env=dev or env=dev,team!=payments; clusters added later with these labels are covered too.'}>
            <input className="input" value={selector} onChange={(event) => setSelector(event.target.value)} autoComplete="off" spellCheck={false} maxLength={1024} placeholder="env=dev" />
          </FormField>
        )}
        <FormField label="Namespaces (optional)" error={errors.namespaces} hint="Only Flux objects in these namespaces, separated by commas; empty for every namespace.">
          <input className="input" value={namespacesText} onChange={(event) => setNamespacesText(event.target.value)} autoComplete="off" spellCheck={false} placeholder="apps, payments" />
        </FormField>
      </div>
      {formError && (
        <div className="alert" data-tone="err" role="alert">
          <div className="alert-body">
            <span className="alert-title">The role binding was not {editing ? 'changed' : 'created'}</span>
            <span>{formError}</span>
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending && <span className="spinner" aria-hidden="true" />}
          {editing ? 'Save binding' : 'Create binding'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
