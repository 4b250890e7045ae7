import { ApisApi, AppsV1Api, CustomObjectsApi, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterCredential } from '../connections/index.js';
import type { Agent } from 'node:https';
import { buildKubeConfig, createClusterAgent, makeApiClient, type ClusterEndpoint } from '../connections/index.js';

export type ClusterHealthStatus = 'healthy' | 'degraded' | 'unauthorized' | 'unreachable';

export interface ClusterHealthReport {
  status: ClusterHealthStatus;
  /** The API server refused the credential (401): a cached token may be stale. */
  rejectedCredentials?: boolean;
  /** Why, in words a platform engineer can act on. Empty when healthy. */
  reason: string;
  latencyMs: number | null;
  kubernetesVersion: string | null;
  fluxVersion: string | null;
  checkedAt: Date;
}

/** Representative Flux kinds whose list permission decides `degraded` (group, plural). */
const REQUIRED_FLUX_KINDS: ReadonlyArray<{ group: string; plural: string }> = [
  { group: 'source.toolkit.fluxcd.io', plural: 'gitrepositories' },
  { group: 'kustomize.toolkit.fluxcd.io', plural: 'kustomizations' },
  { group: 'helm.toolkit.fluxcd.io', plural: 'helmreleases' },
];
const FLUX_NAMESPACE = 'flux-system';
const FLUX_VERSION_LABEL = 'app.kubernetes.io/version';

class ProbeTimeout extends Error {}

/**
 * Said of anything that answers but not as Kubernetes does. Nothing of the answer is repeated:
 * the server URL is the caller's choice, and its answer could be another service's page.
 */
export const NOT_KUBERNETES = 'not a Kubernetes API server: its answer to GET /version is not one (check the server URL and port)';
/** What a Kubernetes `/version` gitVersion looks like (v1.32.3, v1.30.4-gke.100, v1.29.2+k3s1). */
const GIT_VERSION = /^v\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]*)?$/;

/**
 * Checks one cluster with one credential: API reachable and authorised (`/version`), Flux
 * installed (its API groups are served), Flux kinds listable, and the Flux version. Never throws.
 * Pure I/O on data, so it can run in a worker thread.
 */
export async function probeClusterHealth(
  endpoint: ClusterEndpoint,
  credential: ClusterCredential,
  timeoutMs: number,
  /**
   * Returns the cluster's shared keep-alive agent for a credential (default: a new one per probe);
   * `fresh` asks for a new one (a kept-alive connection turned out dead).
   */
  agentFor: (credential: ClusterCredential, fresh: boolean) => Agent = (credential) => createClusterAgent(endpoint, credential),
): Promise<ClusterHealthReport> {
  const started = performance.now();
  const deadline = AbortSignal.timeout(timeoutMs);
  const report = (status: ClusterHealthStatus, reason: string, extra: Partial<ClusterHealthReport> = {}): ClusterHealthReport => ({
    status,
    reason,
    latencyMs: null,
    kubernetesVersion: null,
    fluxVersion: null,
    checkedAt: new Date(),
    ...extra,
  });

  let kubeConfig: KubeConfig | undefined;
  let kubernetesVersion = '';
  let latencyMs = 0;
  // A reset on a kept-alive connection may only mean the server closed it: retry on a new one.
  for (let attempt = 1; attempt <= 2; attempt++) {
    kubeConfig = buildKubeConfig(endpoint, credential, { signal: deadline, agent: agentFor(credential, attempt > 1) });
    try {
      const version = await withDeadline(makeApiClient(kubeConfig, VersionApi).getCode(), deadline);
      latencyMs = Math.round(performance.now() - started);
      if (typeof version?.gitVersion !== 'string' || version.gitVersion.length > 64 || !GIT_VERSION.test(version.gitVersion)) return report('unreachable', NOT_KUBERNETES);
      kubernetesVersion = version.gitVersion;
      break;
    } catch (error) {
      if (attempt === 1 && isConnectionReset(error)) continue;
      const classified = classify(error, timeoutMs);
      return report(classified.status, classified.reason, { rejectedCredentials: httpStatus(error) === 401 });
    }
  }
  if (!kubeConfig) return report('unreachable', 'no client');

  const base = { latencyMs, kubernetesVersion };
  try {
    const groups = await withDeadline(makeApiClient(kubeConfig, ApisApi).getAPIVersions(), deadline);
    const served = new Map(groups.groups.map((group) => [group.name, group.preferredVersion?.version ?? group.versions[0]?.version]));
    const missing = REQUIRED_FLUX_KINDS.filter((kind) => !served.has(kind.group));
    if (missing.length === REQUIRED_FLUX_KINDS.length) return report('degraded', 'Flux is not installed: no *.toolkit.fluxcd.io API groups are served', base);
    const objects = makeApiClient(kubeConfig, CustomObjectsApi);
    const forbidden: string[] = [];
    for (const kind of REQUIRED_FLUX_KINDS) {
      const version = served.get(kind.group);
      if (!version) {
        forbidden.push(`${kind.plural}.${kind.group} is not served`);
        continue;
      }
      try {
        await withDeadline(objects.listClusterCustomObject({ group: kind.group, version, plural: kind.plural, limit: 1 }), deadline);
      } catch (error) {
        if (httpStatus(error) === 403) forbidden.push(`cannot list ${kind.plural}.${kind.group} (forbidden)`);
        else throw error;
      }
    }
    const fluxVersion = await findFluxVersion(kubeConfig, served, deadline);
    if (forbidden.length > 0) return report('degraded', `Flux kinds unavailable: ${forbidden.join('; ')}`, { ...base, fluxVersion });
    return report('healthy', '', { ...base, fluxVersion });
  } catch (error) {
    // Reachable and authenticated a moment ago: a 401 now still means the credentials, not Flux.
    const classified = classify(error, timeoutMs);
    const status = classified.status === 'unreachable' || httpStatus(error) === 401 ? classified.status : 'degraded';
    return report(status, classified.reason, { ...base, rejectedCredentials: httpStatus(error) === 401 });
  }
}

/** FluxReport (Flux Operator) first, then the version label Flux puts on its controllers. */
async function findFluxVersion(kubeConfig: KubeConfig, served: Map<string, string | undefined>, deadline: AbortSignal): Promise<string | null> {
  const operatorVersion = served.get('fluxcd.controlplane.io');
  if (operatorVersion) {
    try {
      const list = (await withDeadline(
        makeApiClient(kubeConfig, CustomObjectsApi).listNamespacedCustomObject(
{ group: 'fluxcd.controlplane.io', version: operatorVersion, namespace: FLUX_NAMESPACE, plural: 'fluxreports' }),
        deadline,
      )) as { items?: Array<{ spec?: { distribution?: { version?: string } } }> };
      const version = list.items?.[0]?.spec?.distribution?.version;
      if (version) return version;
    } catch {
      // Not readable: fall back to the controllers' labels.
    }
  }
  try {
    const deployments = await withDeadline(
      // Only controllers that carry the label, and one is enough: a whole deployment list is large.
      makeApiClient(kubeConfig, AppsV1Api).listNamespacedDeployment({ namespace: FLUX_NAMESPACE, labelSelector: FLUX_VERSION_LABEL, limit: 1 }),
      deadline,
    );
    for (const deployment of deployments.items) {
      const version = deployment.metadata?.labels?.[FLUX_VERSION_LABEL];
      if (version) return version;
    }
  } catch {
    // Flux version is informative; its absence does not change health.
  }
  return null;
}

function withDeadline<T>(promise: Promise<T>, deadline: AbortSignal): Promise<T> {
  if (deadline.aborted) return Promise.reject(new ProbeTimeout());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ProbeTimeout());
    deadline.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        deadline.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function isConnectionReset(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ECONNRESET|EPIPE|socket hang up/.test(text);
}

function httpStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Maps a client error to a health status and a reason that says what to check. */
export function classify(error: unknown, timeoutMs: number): { status: ClusterHealthStatus; reason: string } {
  const status = httpStatus(error);
  if (status === 401) return { status: 'unauthorized', reason: 'the API server rejected the credentials (401 Unauthorized): the token or certificate is invalid or expired' };
  if (status === 403) return { status: 'unauthorized', reason: 'the API server denied access (403 Forbidden): grant the identity read access' };
  if (error instanceof ProbeTimeout || (error as Error)?.name === 'AbortError') {
    return { status: 'unreachable', reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  }
  // 5xx and 429: a Kubernetes API server in trouble. Other answers are not Kubernetes.
  if (status !== undefined) return status >= 500 || status === 429 ? { status: 'unreachable', reason: `the API server answered HTTP ${status}` } : { status: 'unreachable', reason: NOT_KUBERNETES };
  const code = (error as { code?: string; errno?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  const message = (error as Error)?.message ?? String(error);
  const tlsCode = [...TLS_CODES].find((tls) => code === tls || message.includes(tls));
  if (tlsCode) return { status: 'unreachable', reason: `TLS verification failed (${tlsCode}): check certificate-authority-data and the server name` };
  if (code === 'ECONNREFUSED' || message.includes('ECONNREFUSED')) return { status: 'unreachable', reason: 'connection refused: nothing listens at the server address' };
  if (code === 'ENOTFOUND' || message.includes('ENOTFOUND')) return { status: 'unreachable', reason: 'the server host name does not resolve' };
  if (code === 'ECONNRESET' || message.includes('ECONNRESET') || message.includes('socket hang up')) return { status: 'unreachable', reason: 'the connection was reset' };
  if (code === 'ETIMEDOUT' || message.includes('ETIMEDOUT')) return { status: 'unreachable', reason: 'the connection timed out' };
  // A network error names itself by its code; anything else came from reading an answer that
  // was not Kubernetes' (its text is not repeated).
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return { status: 'unreachable', reason: `the connection failed (${code})` };
  return { status: 'unreachable', reason: NOT_KUBERNETES };
}
