import type { Identity } from '../contracts.js';

/**
 * One row of a cluster's authorization table. Every field that is set must match; `'*'` or an
 * absent field matches anything. The first matching rule decides; with none, `defaultEffect`.
 */
export interface AuthorizationRule {
  effect: 'allow' | 'deny';
  users?: string[];
  groups?: string[];
  /** Kubernetes verbs: get, list, watch, create, update, patch, delete, deletecollection. */
  verbs?: string[];
  /** API groups ('' for core). */
  apiGroups?: string[];
  /** Plural resource names, with `/subresource` for subresources (`pods/log`, `kustomizations/status`). */
  resources?: string[];
  namespaces?: string[];
}

export interface AuthorizationRequest {
  identity: Identity;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AuthorizationPolicy {
  rules: AuthorizationRule[];
  /** What happens when no rule matches (default `allow`: every authenticated user may do anything). */
  defaultEffect?: 'allow' | 'deny';
}

function matches(list: string[] | undefined, value: string): boolean {
  return list === undefined || list.includes('*') || list.includes(value);
}

/** The per-cluster rule table (identity × verb × resource); replaceable at run time. */
export class RuleAuthorizer {
  private policy: AuthorizationPolicy;

  constructor(policy: AuthorizationPolicy = { rules: [] }) {
    this.policy = policy;
  }

  setPolicy(policy: AuthorizationPolicy): void {
    this.policy = policy;
  }

  getPolicy(): AuthorizationPolicy {
    return this.policy;
  }

  isAllowed(request: AuthorizationRequest): boolean {
    const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
    for (const rule of this.policy.rules) {
      const subjectMatches =
        (rule.users === undefined && rule.groups === undefined) ||
        matches(rule.users ?? [], request.identity.user) ||
        (rule.groups ?? []).some((group) => group === '*' || request.identity.groups.includes(group));
      if (!subjectMatches) continue;
      if (!matches(rule.verbs, request.verb) || !matches(rule.apiGroups, request.group) || !matches(rule.resources, resource)) continue;
      if (rule.namespaces !== undefined && !rule.namespaces.includes('*') && !(request.namespace && rule.namespaces.includes(request.namespace))) continue;
      return rule.effect === 'allow';
    }
    return (this.policy.defaultEffect ?? 'allow') === 'allow';
  }
}
