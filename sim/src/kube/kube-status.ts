/**
 * Kubernetes `Status` bodies (meta/v1), shaped exactly as kube-apiserver writes them, so clients
 * that parse `reason`/`code` (client-go, client-node, kubectl's error printer) behave as against a
 * real cluster. See https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#response-status-kind
 */

export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable';

export interface StatusDetails {
  name?: string;
  group?: string;
  /** For resource errors kube-apiserver puts the plural resource name here, not the Kind. */
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error the HTTP layer answers with a `Status` body and `code` as the HTTP status. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason | undefined,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  toStatus(): KubeStatus {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

export function failureStatus(code: number, reason: StatusReason | undefined, message: string, details?: StatusDetails): KubeStatus {
  const status: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) status.reason = reason;
  // Go's omitempty: a core-group error names no group (`{"name":"x","kind":"namespaces"}`).
  const present = details && Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value !== ''));
  if (present && Object.keys(present).length > 0) status.details = present;
  return status;
}

/** `kustomizations.kustomize.toolkit.fluxcd.io`, or `pods` for the core group. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function notFound(group: string, resource: string, name: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, { name, group, kind: resource });
}

/** NamespaceLifecycle admission's answer to a create in a namespace that does not exist. */
export function namespaceNotFound(namespace: string): KubeApiError {
  return notFound('', 'namespaces', namespace);
}

export function alreadyExists(group: string, resource: string, name: string): KubeApiError {
  return new KubeApiError(409, 'AlreadyExists', `${qualifiedResource(group, resource)} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(group: string, resource: string, name: string): KubeApiError {
  return new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );
}

export function invalid(group: string, kind: string, name: string, field: string, detail: string): KubeApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  return new KubeApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${field}: ${detail}`, {
    name,
    group,
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: detail, field }],
  });
}

export function badRequest(message: string): KubeApiError {
  return new KubeApiError(400, 'BadRequest', message);
}

/** The generic 404 for a path that names no served resource. */
export function resourceNotServed(): KubeApiError {
  return new KubeApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function unauthorized(): KubeApiError {
  return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
}

export interface ForbiddenRequest {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * kube-apiserver's RBAC denial, word for word, e.g.
 * `kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "x" cannot list resource "kustomizations" in API group "kustomize.toolkit.fluxcd.io" at the cluster scope`.
 */
export function forbidden(request: ForbiddenRequest): KubeApiError {
  const subject = qualifiedResource(request.group, request.resource) + (request.name ? ` "${request.name}"` : '');
  const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  const scope = request.namespace ? `in the namespace "${request.namespace}"` : 'at the cluster scope';
  return new KubeApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${request.user}" cannot ${request.verb} resource "${resource}" in API group "${request.group}" ${scope}`,
    { ...(request.name ? { name: request.name } : {}), group: request.group, kind: request.resource },
  );
}

export function tooOldResourceVersion(requested: number | string, oldest: number): KubeApiError {
  return new KubeApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}
