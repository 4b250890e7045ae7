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

/** Whether a rule names this identity, by user or group (a rule naming neither applies to everyone). */
export function ruleAppliesTo(rule: AuthorizationRule, identity: Identity): boolean {
  return (
    (rule.users === undefined && rule.groups === undefined) ||
    matches(rule.users ?? [], identity.user) ||
    (rule.groups ?? []).some((group) => group === '*' || identity.groups.includes(group))
  );
}

/** What the authorizer decided and why: the index of the deciding rule, or none for `defaultEffect`. */
export interface AuthorizationDecision {
  allowed: boolean;
  ruleIndex?: number;
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
    return this.decide(request).allowed;
  }

  decide(request: AuthorizationRequest): AuthorizationDecision {
    const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
    for (const [ruleIndex, rule] of this.policy.rules.entries()) {
      if (!ruleAppliesTo(rule, request.identity)) continue;
      if (!matches(rule.verbs, request.verb) || !matches(rule.apiGroups, request.group) || !matches(rule.resources, resource)) continue;
      if (rule.namespaces !== undefined && !rule.namespaces.includes('*') && !(request.namespace && rule.namespaces.includes(request.namespace))) continue;
      return { allowed: rule.effect === 'allow', ruleIndex };
    }
    return { allowed: (this.policy.defaultEffect ?? 'allow') === 'allow' };
  }
}
