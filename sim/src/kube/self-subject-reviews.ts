/**
 * The reviews a caller sends about itself, answered from the request's identity and the cluster's
 * rule authorizer and never stored, as kube-apiserver does:
 * - SelfSubjectReview (`kubectl auth whoami`): who the server thinks you are;
 * - SelfSubjectAccessReview (`kubectl auth can-i VERB RESOURCE`): whether a request would be allowed;
 * - SelfSubjectRulesReview (`kubectl auth can-i --list`): what you may do in a namespace.
 */
import type { Identity } from '../contracts.js';
import { badRequest, invalid } from './kube-status.js';
import { apiVersionOf, type ServedResourceType } from './resource-types.js';
import { ruleAppliesTo, type AuthorizationPolicy, type AuthorizationRequest, type AuthorizationRule, type RuleAuthorizer } from './rule-authorizer.js';

type Review = Record<string, unknown>;
type Answer = (request: Review, identity: Identity, authorizer: RuleAuthorizer) => Review;

interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
}

const AUTHORIZATION = 'authorization.k8s.io';

/** What kube-apiserver's default `system:basic-user` role grants every authenticated user. */
const BASIC_USER_RULES: readonly ResourceRule[] = [
  { verbs: ['create'], apiGroups: [AUTHORIZATION], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
];

/** The non-resource paths the simulator serves to any authenticated caller (it does not authorize them). */
const SERVED_NON_RESOURCE_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const selfSubjectReview: Answer = (_request, identity) => ({
  status: { userInfo: { username: identity.user, groups: [...identity.groups] } },
});

const selfSubjectAccessReview: Answer = (request, identity, authorizer) => {
  const spec = isRecord(request.spec) ? request.spec : {};
  const resourceAttributes = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResourceAttributes = isRecord(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if (resourceAttributes && nonResourceAttributes) {
    throw invalid(AUTHORIZATION, 'SelfSubjectAccessReview', '', 'spec.nonResourceAttributes', 'Invalid value: "object": cannot be specified in combination with resourceAttributes');
  }
  if (nonResourceAttributes) return { spec, status: { allowed: true, reason: 'the simulator serves non-resource URLs to every authenticated user' } };
  if (!resourceAttributes) {
    throw invalid(AUTHORIZATION, 'SelfSubjectAccessReview', '', 'spec.resourceAttributes', 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  const authorizationRequest: AuthorizationRequest = {
    identity,
    verb: text(resourceAttributes.verb),
    group: text(resourceAttributes.group),
    resource: text(resourceAttributes.resource),
  };
  // Empty means "all namespaces" (`can-i -A`), "no name" and "no subresource", as for RBAC.
  if (text(resourceAttributes.namespace)) authorizationRequest.namespace = text(resourceAttributes.namespace);
  if (text(resourceAttributes.name)) authorizationRequest.name = text(resourceAttributes.name);
  if (text(resourceAttributes.subresource)) authorizationRequest.subresource = text(resourceAttributes.subresource);
  const decision = authorizer.decide(authorizationRequest);
  if (decision.ruleIndex === undefined) {
    // A default deny says nothing, like RBAC finding no binding.
    return { spec, status: decision.allowed ? { allowed: true, reason: 'allowed by the default effect of the simulated authorization policy' } : { allowed: false } };
  }
  return decision.allowed
    ? { spec, status: { allowed: true, reason: `allowed by rule ${decision.ruleIndex} of the simulated authorization policy` } }
    : { spec, status: { allowed: false, denied: true, reason: `denied by rule ${decision.ruleIndex} of the simulated authorization policy` } };
};

const selfSubjectRulesReview: Answer = (request, identity, authorizer) => {
  const spec = isRecord(request.spec) ? request.spec : {};
  const namespace = text(spec.namespace);
  if (!namespace) throw invalid(AUTHORIZATION, 'SelfSubjectRulesReview', '', 'spec.namespace', 'Required value');
  const { resourceRules, incomplete } = rulesInNamespace(authorizer.getPolicy(), identity, namespace);
  return {
    spec,
    status: {
      resourceRules,
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: SERVED_NON_RESOURCE_URLS }],
      incomplete,
      ...(incomplete ? { evaluationError: 'deny rules of the simulated authorization policy apply and cannot be listed' } : {}),
    },
  };
};

function appliesInNamespace(rule: AuthorizationRule, namespace: string): boolean {
  return rule.namespaces === undefined || rule.namespaces.includes('*') || rule.namespaces.includes(namespace);
}

function deniesEverything(rule: AuthorizationRule): boolean {
  return rule.verbs === undefined && rule.apiGroups === undefined && rule.resources === undefined && rule.namespaces === undefined;
}

/**
 * The allow rules that apply to `identity` in `namespace`, in order, then the default effect. A
 * rules list can only grant: when a deny rule comes before a grant, the grant may be narrower
 * than listed, so the list is `incomplete` (as a real server says when it cannot list everything).
 */
export function rulesInNamespace(policy: AuthorizationPolicy, identity: Identity, namespace: string): { resourceRules: ResourceRule[]; incomplete: boolean } {
  const resourceRules: ResourceRule[] = BASIC_USER_RULES.map((rule) => structuredClone(rule) as ResourceRule);
  let denySeen = false;
  let incomplete = false;
  const grant = (rule: ResourceRule): void => {
    resourceRules.push(rule);
    if (denySeen) incomplete = true;
  };
  for (const rule of policy.rules) {
    if (!ruleAppliesTo(rule, identity) || !appliesInNamespace(rule, namespace)) continue;
    if (rule.effect === 'deny') {
      if (deniesEverything(rule)) return { resourceRules, incomplete };
      denySeen = true;
      continue;
    }
    grant({ verbs: rule.verbs ?? ['*'], apiGroups: rule.apiGroups ?? ['*'], resources: rule.resources ?? ['*'] });
  }
  if ((policy.defaultEffect ?? 'allow') === 'allow') grant({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
  return { resourceRules, incomplete };
}

const ANSWERS: Record<string, Answer> = {
  'authentication.k8s.io/selfsubjectreviews': selfSubjectReview,
  [`${AUTHORIZATION}/selfsubjectaccessreviews`]: selfSubjectAccessReview,
  [`${AUTHORIZATION}/selfsubjectrulesreviews`]: selfSubjectRulesReview,
};

export function isSelfSubjectReview(type: ServedResourceType): boolean {
  return type.groupResource in ANSWERS;
}

/** The review as the server returns it: the request's spec with the answer in `status`. */
export function answerSelfSubjectReview(type: ServedResourceType, body: unknown, identity: Identity, authorizer: RuleAuthorizer): Review {
  const answer = ANSWERS[type.groupResource];
  if (!answer) throw new Error(`${type.groupResource} is not a self-subject review`);
  if (!isRecord(body)) throw badRequest("Object 'Kind' is missing in request body");
  return { kind: type.kind, apiVersion: apiVersionOf(type.group, type.version), metadata: { creationTimestamp: null }, ...answer(body, identity, authorizer) };
}
