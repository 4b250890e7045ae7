import { httpStatusOf } from '../connections/index.js';

/** What a probe needs of a cluster: JSON reads whose errors carry the HTTP `statusCode` (ClusterConnection.getJson). */
export interface JsonClient {
  getJson<T>(path: string, query: Record<string, string | number | boolean | undefined>, signal?: AbortSignal): Promise<T>;
}

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
const FLUX_PART_OF_LABEL = 'app.kubernetes.io/part-of=flux';

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
  /** Reads JSON from the cluster: its shared connection, or a probe's own (see ClusterProber). */
  client: JsonClient,
  timeoutMs: number,
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
  const get = <T>(path: string, query: Record<string, string | number> = {}): Promise<T> => withDeadline(() => client.getJson<T>(path, query, deadline), deadline);

  let kubernetesVersion = '';
  let latencyMs = 0;
  // A reset on a kept-alive connection may only mean the server closed it: the retry gets a new one.
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const version = await get<{ gitVersion: string }>('/version');
      latencyMs = Math.round(performance.now() - started);
      if (typeof version?.gitVersion !== 'string' || version.gitVersion.length > 64 || !GIT_VERSION.test(version.gitVersion)) return report('unreachable', NOT_KUBERNETES);
      kubernetesVersion = version.gitVersion;
      break;
    } catch (error) {
      if (attempt === 1 && isConnectionReset(error)) continue;
      const classified = classify(error, timeoutMs);
      return report(classified.status, classified.reason, { rejectedCredentials: httpStatusOf(error) === 401 });
    }
  }

  const base = { latencyMs, kubernetesVersion };
  try {
    const groups = await get<{ groups: Array<{ name: string; preferredVersion?: { version: string }; versions: Array<{ version: string }> }> }>('/apis');
    const served = new Map(groups.groups.map((group) => [group.name, group.preferredVersion?.version ?? group.versions[0]?.version]));
    const missing = REQUIRED_FLUX_KINDS.filter((kind) => !served.has(kind.group));
    if (missing.length === REQUIRED_FLUX_KINDS.length) return report('degraded', 'Flux is not installed: no *.toolkit.fluxcd.io API groups are served', base);
    const forbidden: string[] = [];
    for (const kind of REQUIRED_FLUX_KINDS) {
      const version = served.get(kind.group);
      if (!version) {
        forbidden.push(`${kind.plural}.${kind.group} is not served`);
        continue;
      }
      try {
        await get(`/apis/${kind.group}/${version}/${kind.plural}`, { limit: 1 });
      } catch (error) {
        if (httpStatusOf(error) === 403) forbidden.push(`cannot list ${kind.plural}.${kind.group} (forbidden)`);
        else throw error;
      }
    }
    const fluxVersion = await findFluxVersion(get, served);
    if (forbidden.length > 0) return report('degraded', `Flux kinds unavailable: ${forbidden.join('; ')}`, { ...base, fluxVersion });
    return report('healthy', '', { ...base, fluxVersion });
  } catch (error) {
    // Reachable and authenticated a moment ago: a 401 now still means the credentials, not Flux.
    const classified = classify(error, timeoutMs);
    const status = classified.status === 'unreachable' || httpStatusOf(error) === 401 ? classified.status : 'degraded';
    return report(status, classified.reason, { ...base, rejectedCredentials: httpStatusOf(error) === 401 });
  }
}

/** FluxReport (Flux Operator) first, then the version label Flux puts on its controllers. */
async function findFluxVersion(get: <T>(path: string, query?: Record<string, string | number>) => Promise<T>, served: Map<string, string | undefined>): Promise<string | null> {
  const operatorVersion = served.get('fluxcd.controlplane.io');
  if (operatorVersion) {
    try {
      const list = await get<{ items?: Array<{ spec?: { distribution?: { version?: string } } }> }>(`/apis/fluxcd.controlplane.io/${operatorVersion}/namespaces/${FLUX_NAMESPACE}/fluxreports`);
      const version = list.items?.[0]?.spec?.distribution?.version;
      if (version) return version;
    } catch {
      // Not readable: fall back to the controllers' labels.
    }
  }
  try {
    // Only Flux's controllers that carry the label (not the Flux Operator beside them, labelled
    // with its own version), and one is enough: a whole deployment list is large.
    const deployments = await get<{ items: Array<{ metadata?: { labels?: Record<string, string> } }> }>(`/apis/apps/v1/namespaces/${FLUX_NAMESPACE}/deployments`, { labelSelector: `${FLUX_PART_OF_LABEL},${FLUX_VERSION_LABEL}`, limit: 1 });
    for (const deployment of deployments.items) {
      const version = deployment.metadata?.labels?.[FLUX_VERSION_LABEL];
      if (version) return version;
    }
  } catch {
    // Flux version is informative; its absence does not change health.
  }
  return null;
}

/** Runs `start` unless the deadline passed; its outcome, or ProbeTimeout when the deadline comes first. */
function withDeadline<T>(start: () => Promise<T>, deadline: AbortSignal): Promise<T> {
  // Checked before starting: a request started after the deadline would reject unobserved.
  if (deadline.aborted) return Promise.reject(new ProbeTimeout());
  const promise = start();
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
  const status = httpStatusOf(error);
  if (status === 401) return { status: 'unauthorized', reason: 'the API server rejected the credentials (401 Unauthorized): the token or certificate is invalid or expired' };
  if (status === 403) return { status: 'unauthorized', reason: 'the API server denied access (403 Forbidden): grant the identity read access' };
  if (error instanceof ProbeTimeout || (error as Error)?.name === 'AbortError') {
    return { status: 'unreachable', reason: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  }
  // 5xx and 429: a Kubernetes API server in trouble. Other answers are not Kubernetes.
  if (status !== undefined) return status >= 500 || status === 429 ? { status: 'unreachable', reason: `the API server answered HTTP ${status}` } : { status: 'unreachable', reason: NOT_KUBERNETES };
  const code = (error as { code?: string; errno?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  const message = (error as Error)?.message ?? String(error);
  // The endpoint policy's own message (names the address and the setting to change).
  if (code === 'EENDPOINTREFUSED') return { status: 'unreachable', reason: message };
  const tlsCode = [...TLS_CODES].find((tls) => code === tls || message.includes(tls));
  if (tlsCode) return { status: 'unreachable', reason: `TLS verification failed (${tlsCode}): check certificate-authority-data and the server name` };
  if (code === 'ECONNREFUSED' || message.includes('ECONNREFUSED')) return { status: 'unreachable', reason: 'connection refused: nothing listens at the server address' };
  if (code === 'ENOTFOUND' || message.includes('ENOTFOUND')) return { status: 'unreachable', reason: 'the server host name does not resolve' };
  if (code === 'ECONNRESET' || message.includes('ECONNRESET') || message.includes('socket hang up')) return { status: 'unreachable', reason: 'the connection was reset' };
  if (code === 'ETIMEDOUT' || message.includes('ETIMEDOUT')) return { status: 'unreachable', reason: 'the connection timed out' };
  // A network error names itself by its code; anything else came from reading an answer that
  // was not Kubernetes' (its text is not repeated).
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return { status: 'unreachable', reason: `the connection failed (${code})` };
  return { status: 'unreachable', reason: NOT_KUBERNETES };
}
