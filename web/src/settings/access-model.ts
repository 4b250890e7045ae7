import type { Role, RoleBinding, User, UserKind } from '../api/access.js';
import type { FieldProblem } from '../api/request.js';

export const ROLES: ReadonlyArray<{ role: Role; label: string; description: string }> = [
  { role: 'viewer', label: 'viewer', description: 'read: clusters, Flux objects, logs, events, activity' },
  { role: 'operator', label: 'operator', description: 'viewer + reconcile, suspend, resume, scale, restart' },
  { role: 'admin', label: 'admin', description: 'everything, users and bindings included' },
];

export const KIND_LABELS: Record<UserKind, string> = { local: 'Local', oidc: 'Single sign-on', service: 'Service account' };
/** What a user of this kind is called in a sentence: "Created service account “ci”". */
export const KIND_NOUNS: Record<UserKind, string> = { local: 'user', oidc: 'single sign-on user', service: 'service account' };

/** A binding's scope as words: which clusters, which namespaces. */
export interface ScopeText {
  clusters: string;
  namespaces: string;
}

type Scoped = Pick<RoleBinding, 'cluster_ids' | 'cluster_selector' | 'namespaces'>;

/**
 * The clusters and namespaces a binding covers, clusters by name (an id whose cluster is gone is
 * said to be so, never left as an unexplained id). Both limits together: clusters in the list
 * that also match the selector.
 */
export function describeScope(binding: Scoped, clusterNames: ReadonlyMap<string, string>): ScopeText {
  const named = binding.cluster_ids && (binding.cluster_ids.map((id) => clusterNames.get(id) ?? `removed cluster ${id.slice(0, 8)}`).join(', ') || 'no cluster');
  const labelled = binding.cluster_selector && `labelled ${binding.cluster_selector}`;
  return {
    clusters: named && labelled ? `${named} if ${labelled}` : (named ?? labelled ?? 'every cluster'),
    namespaces: binding.namespaces ? binding.namespaces.join(', ') || 'no namespace' : 'every namespace',
  };
}

/** One line: "viewer · clusters labels env=dev · namespaces apps". */
export function summarizeBinding(binding: Scoped & { role: Role }, clusterNames: ReadonlyMap<string, string>): string {
  const scope = describeScope(binding, clusterNames);
  return [binding.role, scope.clusters === 'every cluster' ? undefined : `clusters ${scope.clusters}`, scope.namespaces === 'every namespace' ? undefined : `namespaces ${scope.namespaces}`].filter(Boolean).join(' · ');
}

/** The bindings that apply to a user: their own, and those of the groups they last signed in with. */
export function bindingsOf(user: Pick<User, 'id' | 'groups'>, bindings: readonly RoleBinding[]): { own: RoleBinding[]; viaGroups: RoleBinding[] } {
  return {
    own: bindings.filter((binding) => binding.subject_type === 'user' && binding.subject === user.id),
    viaGroups: bindings.filter((binding) => binding.subject_type === 'group' && user.groups.includes(binding.subject)),
  };
}

/** Namespaces as typed: separated by commas or spaces, each once. */
export function parseNamespaces(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/**
 * The server names a bad namespace by its index (`body.namespaces.1`); say which one it was.
 * Other problems are left as the request error's own field errors give them.
 */
export function namespaceProblems(details: readonly FieldProblem[], sent: readonly string[]): string | undefined {
  const messages = details.flatMap((problem) => {
    const match = /^body\.namespaces(?:\.(\d+))?$/.exec(problem.field);
    if (!match) return [];
    const value = match[1] === undefined ? undefined : sent[Number(match[1])];
    return [value === undefined ? problem.message : `“${value}” ${problem.message}`];
  });
  return messages.length ? messages.join('; ') : undefined;
}

/**
 * The server's label selector syntax (`server/src/auth/label-selector.ts`: `a=b`, `a==b`, `a!=b`,
 * `a`, `!a`, comma-separated, all must hold), for the preview of which clusters a selector
 * covers. The server decides; undefined when the selector does not parse.
 */
export function compileSelector(selector: string): ((labels: Readonly<Record<string, string>>) => boolean) | undefined {
  const requirements: Array<(labels: Readonly<Record<string, string>>) => boolean> = [];
  for (const part of selector.split(',').map((value) => value.trim()).filter(Boolean)) {
    const match = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(!=|==|=)\s*([-A-Za-z0-9_.]*))?$/.exec(part);
    if (!match || (match[1] && match[3])) return undefined;
    const negate = match[1] === '!';
    const key = match[2] ?? '';
    const operator = match[3];
    const value = match[4] ?? '';
    requirements.push((labels) => {
      const has = Object.prototype.hasOwnProperty.call(labels, key);
      if (!operator) return negate ? !has : has;
      return operator === '!=' ? labels[key] !== value : has && labels[key] === value;
    });
  }
  if (requirements.length === 0) return undefined;
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** Whether this binding is the caller's own way to administer the fleet (removing it locks them out). */
export function isOwnFleetAdmin(binding: RoleBinding, me: { user_id: string | null; groups: readonly string[] }): boolean {
  const mine = binding.subject_type === 'user' ? binding.subject === me.user_id : me.groups.includes(binding.subject);
  return mine && binding.role === 'admin' && !binding.cluster_ids && !binding.cluster_selector && !binding.namespaces;
}
