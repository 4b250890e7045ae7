import { ApiError } from '../common/api-error.js';
import { CredentialError, httpStatusOf } from '../connections/index.js';

/**
 * A cluster that could not be asked: the API's 502 `cluster_unavailable`, with the reason in
 * words a user can act on (`reason`, without the cluster's name). The detail view answers the
 * last known state with this reason instead of failing (flux-resource.service.ts).
 */
export class ClusterUnreachableError extends ApiError {
  constructor(
    clusterName: string,
    readonly reason: string,
  ) {
    super(502, 'cluster_unavailable', `Cluster ${clusterName} could not be reached or refused the request (${reason}); see its health`);
  }
}

/**
 * The API's 502 for a request a cluster did not serve, naming the cluster as users know it: an
 * outage with its reason in words (ClusterUnreachableError), else the status it answered.
 */
export function clusterUnavailable(clusterName: string, error: unknown, timeoutMs: number): ApiError {
  const reason = unreachableReason(error, timeoutMs);
  if (reason !== undefined) return new ClusterUnreachableError(clusterName, reason);
  const status = httpStatusOf(error);
  return new ApiError(502, 'cluster_unavailable', `Cluster ${clusterName} refused the request (HTTP ${status ?? 'error'}); see its health`);
}

const TLS_CODES = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
];

/**
 * Why a request to a cluster failed, when the failure means "the cluster cannot be asked right
 * now" rather than an answer about the object; undefined otherwise. What counts, and why:
 *
 * - no HTTP answer at all (refused, reset, DNS, TLS, our own deadline, an HTTP/2 error, the
 *   endpoint policy, credentials that could not be obtained): nothing was learnt from the cluster;
 * - 5xx and 429: the API server is there but cannot serve (restarting, overloaded, throttling);
 * - 401 after the connection's retry with a fresh token: the cluster refuses our credentials, so
 *   nothing can be read until they are renewed (as down as it gets from here).
 *
 * Not counted: 404 (an answer: the object is gone), 403 (an answer: the identity lacks a
 * permission, which the caller must see named rather than a stale page) and other 4xx (the
 * request itself was wrong, or something other than a Kubernetes API server answered).
 */
export function unreachableReason(error: unknown, timeoutMs: number): string | undefined {
  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status === 401) return 'the API server rejected the credentials (401 Unauthorized) even with a fresh token: renew the token or certificate in the cluster’s kubeconfig';
    if (status === 429) return 'the API server is throttling requests (429 Too Many Requests)';
    if (status >= 500) return `the API server answered HTTP ${status}: it is failing, restarting or overloaded`;
    return undefined;
  }
  if (error instanceof CredentialError) return `credentials could not be obtained: ${error.message}`;
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  const message = (error as Error)?.message ?? String(error);
  // The endpoint policy's own message names the address and the setting to change.
  if (code === 'EENDPOINTREFUSED') return message;
  const tls = TLS_CODES.find((candidate) => code === candidate || message.includes(candidate));
  if (tls) return `TLS verification failed (${tls}): check the kubeconfig’s certificate-authority-data and server name`;
  const has = (...codes: string[]): boolean => codes.some((candidate) => code === candidate || message.includes(candidate));
  if (has('ECONNREFUSED')) return 'connection refused: nothing listens at the API server’s address (down, or the address changed)';
  if (has('ENOTFOUND', 'EAI_AGAIN')) return 'the API server’s host name does not resolve';
  if (has('ECONNRESET', 'EPIPE') || message.includes('socket hang up')) return 'the connection to the API server was reset';
  if (has('ETIMEDOUT')) return 'the connection to the API server timed out';
  if (has('EHOSTUNREACH', 'ENETUNREACH')) return 'no network route to the API server';
  if (typeof code === 'string' && /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+)$/.test(code)) return `the connection to the API server failed (${code})`;
  // Any other failure without an answer (a stream closed mid-read, say): say what it was.
  return `the request failed: ${message.slice(0, 200)}`;
}
