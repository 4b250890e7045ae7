import { parseArgs } from 'node:util';
import path from 'node:path';
import { isIP } from 'node:net';
import { DEFAULT_DENIED_NETWORKS, parseNetwork } from '../clusters/endpoint-policy.js';
import type { OidcSettings } from '../auth/oidc-login.js';
import { SERVICE_ACCOUNT_DIR, type InClusterSettings } from '../in-cluster/in-cluster-environment.js';

/**
 * Start-up configuration. Every setting comes from a CLI flag or an environment variable (the
 * flag wins). Env names HOST, PORT, DATA_DIR, DATABASE_URL, ENCRYPTION_KEY and LOG_LEVEL are a
 * fixed contract for deployment scripts. Secrets are read from the environment only, never
 * from flags, so they never show on a process command line.
 */
export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  /** `sqlite:<path>` (default `<dataDir>/flux-orchestrator.db`), `postgres://…` or `mysql://…`. */
  databaseUrl: string;
  /** Current key (base64 or hex, 32 bytes) — undefined means "generate or load one from the data dir". */
  encryptionKey: string | undefined;
  /** Older keys still accepted for reading, for rotation. */
  previousEncryptionKeys: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `local` (sign-in required; the default) or `none` (no login, loopback only). */
  authMode: 'local' | 'none';
  /** A session unused this long ends. */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in. */
  sessionMaxAgeHours: number;
  /** Sign-in attempts per client address per minute. */
  loginAttemptsPerMinute: number;
  /** Seconds between re-checks of the credential behind each open live stream. */
  streamRecheckSeconds: number;
  /** Kubernetes events last seen longer ago than this many days are deleted. */
  eventRetentionDays: number;
  /** Finished jobs (succeeded or failed) older than this many days are deleted. */
  jobRetentionDays: number;
  /** V8 heap growth after each full GC, in percent (0: V8's own policy). */
  heapGrowingPercent: number;
  /** `auto`: cookies are `Secure` when the request came over https; `always`: behind a TLS-terminating proxy. */
  cookieSecure: 'auto' | 'always';
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host to believe (Fastify's `trustProxy`): false, a hop
   * count, or proxy addresses/CIDRs. Client addresses (sign-in limits, audit) come from it.
   */
  trustProxy: false | number | string[];
  /** Single sign-on (OpenID Connect), when OIDC_ISSUER is set. */
  oidc: OidcSettings | null;
  healthCheckIntervalSeconds: number;
  healthCheckConcurrency: number;
  healthCheckTimeoutSeconds: number;
  /** Worker threads that run health probes (0: on the main thread). */
  healthCheckWorkers: number;
  /** 1: Flux kinds' list pages are parsed and digested on a worker thread; 0: on the main thread. */
  listDecodeWorkers: number;
  /** Commands a kubeconfig exec plugin may name. */
  execAllowlist: string[];
  bodyLimitBytes: number;
  /** AKS clusters whose credentials a sync fetches at the same time. */
  azureSyncConcurrency: number;
  /** How long a sync request waits for the result before answering 202 with a job. */
  syncWaitSeconds: number;
  /** Cloud used for new Azure subscriptions that name none (e.g. a sovereign or private cloud). */
  azureDefaultCloud: {
    environment: 'AzurePublicCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'custom';
    authorityHost: string | null;
    resourceManagerEndpoint: string | null;
    resourceManagerAudience: string | null;
  };
  /** Directory with the built web app (served at `/`), if present. */
  webDir: string;
  /** The URL people reach the server at (behind a proxy or DNS name), if not the listen address. */
  publicUrl: string | null;
  /** Host names the server answers to besides loopback, IP addresses, HOST and PUBLIC_URL (`*`: any). */
  allowedHosts: string[];
  /** Networks (CIDR) cluster servers and Azure custom endpoints must be in (empty: any not denied). */
  endpointAllowNetworks: string[];
  /** Networks (CIDR) cluster servers and Azure custom endpoints may not be in. */
  endpointDenyNetworks: string[];
  /** Registering the cluster the server runs in through its ServiceAccount (docs/install.md). */
  inCluster: InClusterSettings;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

interface SettingSpec {
  flag: string;
  env: string;
  description: string;
  default?: string;
  secret?: boolean;
}

/** The full list, in README order. `secret` settings have no flag. */
export const SETTINGS = {
  host: { flag: 'host', env: 'HOST', description: 'Address to listen on. AUTH_MODE=none allows loopback addresses only.', default: '127.0.0.1' },
  port: { flag: 'port', env: 'PORT', description: 'TCP port to listen on.', default: '8080' },
  dataDir: { flag: 'data-dir', env: 'DATA_DIR', description: 'Directory for the embedded SQLite database and the generated encryption key.', default: './data' },
  databaseUrl: { flag: 'database-url', env: 'DATABASE_URL', description: 'sqlite:<file>, postgres://user:pass@host/db or mysql://user:pass@host/db.', default: 'sqlite:<DATA_DIR>/flux-orchestrator.db' },
  encryptionKey: { flag: '', env: 'ENCRYPTION_KEY', description: '32-byte key (base64 or hex) that seals secrets at rest. Env only.', secret: true },
  previousEncryptionKeys: { flag: '', env: 'ENCRYPTION_PREVIOUS_KEYS', description: 'Comma-separated older keys, still accepted for reading during rotation. Env only.', secret: true },
  logLevel: { flag: 'log-level', env: 'LOG_LEVEL', description: 'fatal, error, warn, info, debug, trace or silent.', default: 'info' },
  authMode: { flag: 'auth-mode', env: 'AUTH_MODE', description: 'local: sign-in required (password, API tokens, SSO when configured); none: no login, every caller is admin (loopback HOST only).', default: 'local' },
  sessionIdleMinutes: { flag: 'session-idle-minutes', env: 'SESSION_IDLE_MINUTES', description: 'Minutes without a request after which a session ends.', default: '480' },
  sessionMaxAgeHours: { flag: 'session-max-age-hours', env: 'SESSION_MAX_AGE_HOURS', description: 'Hours after sign-in at which a session ends, however busy.', default: '24' },
  oidcIssuer: { flag: 'oidc-issuer', env: 'OIDC_ISSUER', description: 'OpenID Connect issuer URL for single sign-on (Entra ID: https://login.microsoftonline.com/<tenant>/v2.0). Unset: no SSO.' },
  oidcClientId: { flag: 'oidc-client-id', env: 'OIDC_CLIENT_ID', description: 'Client (application) id registered at the identity provider.' },
  oidcClientSecret: { flag: '', env: 'OIDC_CLIENT_SECRET', description: 'Client secret (confidential client). Env only; unset for a public client (PKCE).', secret: true },
  oidcRedirectUrl: { flag: 'oidc-redirect-url', env: 'OIDC_REDIRECT_URL', description: 'This server\'s callback as the browser reaches it: <public URL>/api/v1/auth/oidc/callback.' },
  oidcScopes: { flag: 'oidc-scopes', env: 'OIDC_SCOPES', description: 'Scopes requested at sign-in.', default: 'openid profile email' },
  oidcGroupsClaim: { flag: 'oidc-groups-claim', env: 'OIDC_GROUPS_CLAIM', description: 'ID token claim with the user\'s groups (names, or Entra group object ids).', default: 'groups' },
  oidcUsernameClaim: { flag: 'oidc-username-claim', env: 'OIDC_USERNAME_CLAIM', description: 'ID token claim used as the username (then email, then sub).', default: 'preferred_username' },
  oidcDisplayName: { flag: 'oidc-display-name', env: 'OIDC_DISPLAY_NAME', description: 'Name of the identity provider on the sign-in button.', default: 'single sign-on' },
  cookieSecure: { flag: 'cookie-secure', env: 'COOKIE_SECURE', description: 'auto: session cookies are Secure when the request came over https; always: always (set it behind a reverse proxy that terminates TLS).', default: 'auto' },
  trustProxy: { flag: 'trust-proxy', env: 'TRUST_PROXY', description: 'Reverse proxies whose X-Forwarded-For/-Proto/-Host headers are believed: their addresses or CIDRs, comma-separated (e.g. 10.0.0.0/8), or a hop count. Unset: none, so the client address (sign-in limits, audit) is the peer\'s.', default: '' },
  streamRecheckSeconds: { flag: 'stream-recheck-seconds', env: 'STREAM_RECHECK_SECONDS', description: 'Seconds between re-checks of the credential behind each open live stream (a revoked session or token, a disabled user or changed role bindings close it).', default: '10' },
  eventRetentionDays: { flag: 'event-retention-days', env: 'EVENT_RETENTION_DAYS', description: 'Days the Kubernetes events of Flux objects (and workload warnings) are kept after they were last seen; older ones are deleted hourly.', default: '14' },
  jobRetentionDays: { flag: 'job-retention-days', env: 'JOB_RETENTION_DAYS', description: 'Days finished jobs (succeeded or failed: syncs, bulk actions, retention runs) are kept after they finished; older ones are deleted hourly. Queued and running jobs are never deleted.', default: '14' },
  heapGrowingPercent: { flag: 'heap-growing-percent', env: 'HEAP_GROWING_PERCENT', description: 'How far the JavaScript heap may grow past what is live before the next full garbage collection, in percent (V8\'s own policy lets it reach 4× during a cold sync: 600 MiB instead of 450 for 50,000 objects). 0 leaves it to V8.', default: '100' },
  loginAttemptsPerMinute: { flag: 'login-attempts-per-minute', env: 'LOGIN_ATTEMPTS_PER_MINUTE', description: 'Sign-in attempts allowed per client address per minute (then 429).', default: '10' },
  healthCheckIntervalSeconds: { flag: 'health-check-interval', env: 'HEALTH_CHECK_INTERVAL_SECONDS', description: 'Seconds between background health checks of each cluster (0 disables).', default: '60' },
  healthCheckConcurrency: { flag: 'health-check-concurrency', env: 'HEALTH_CHECK_CONCURRENCY', description: 'Clusters checked at the same time (a check is seven round trips, so this sets the pace on remote clusters).', default: '128' },
  healthCheckTimeoutSeconds: { flag: 'health-check-timeout', env: 'HEALTH_CHECK_TIMEOUT_SECONDS', description: 'Seconds before one cluster check gives up (reported unreachable).', default: '10' },
  healthCheckWorkers: { flag: 'health-check-workers', env: 'HEALTH_CHECK_WORKERS', description: 'Worker threads that run health probes off the main thread, each with its own connection per cluster; 0 probes on the main thread over the connection the cluster\'s watches share.', default: '0' },
  listDecodeWorkers: { flag: 'list-decode-workers', env: 'LIST_DECODE_WORKERS', description: 'Worker threads (0 or 1) that parse and compact the Flux object lists of syncs, so the main thread answers the API meanwhile; 0 parses them on the main thread.', default: '1' },
  execAllowlist: { flag: 'exec-allowlist', env: 'KUBECONFIG_EXEC_ALLOWLIST', description: 'Comma-separated commands a kubeconfig exec plugin may run.', default: 'kubelogin' },
  bodyLimitBytes: { flag: 'body-limit', env: 'BODY_LIMIT_BYTES', description: 'Largest accepted request body in bytes.', default: '1048576' },
  azureSyncConcurrency: { flag: 'azure-sync-concurrency', env: 'AZURE_SYNC_CONCURRENCY', description: 'AKS clusters whose credentials a sync fetches at the same time.', default: '16' },
  syncWaitSeconds: { flag: 'sync-wait', env: 'SYNC_WAIT_SECONDS', description: 'Seconds a sync request waits for its result before answering 202 with a job to follow.', default: '5' },
  azureEnvironment: { flag: 'azure-environment', env: 'AZURE_ENVIRONMENT', description: 'Default cloud of new Azure subscriptions: AzurePublicCloud, AzureChinaCloud, AzureUSGovernment or custom.', default: 'AzurePublicCloud' },
  azureAuthorityHost: { flag: 'azure-authority-host', env: 'AZURE_AUTHORITY_HOST', description: 'Entra ID authority host of the custom default cloud (https).' },
  azureResourceManagerEndpoint: { flag: 'azure-resource-manager-endpoint', env: 'AZURE_RESOURCE_MANAGER_ENDPOINT', description: 'ARM endpoint of the custom default cloud (https).' },
  azureResourceManagerAudience: { flag: 'azure-resource-manager-audience', env: 'AZURE_RESOURCE_MANAGER_AUDIENCE', description: 'ARM token audience of the custom default cloud (default: the endpoint).' },
  webDir: { flag: 'web-dir', env: 'WEB_DIR', description: 'Directory of the built web app.', default: '<repo>/web/dist' },
  publicUrl: { flag: 'public-url', env: 'PUBLIC_URL', description: 'The URL people use to reach the server (e.g. https://flux.example.com behind a proxy); its host is allowed in Host headers and its origin in state-changing requests.' },
  allowedHosts: { flag: 'allowed-hosts', env: 'ALLOWED_HOSTS', description: 'Comma-separated host names the server answers to (DNS rebinding defence); `.example.com` allows its subdomains, `*` any name. localhost, IP addresses, HOST and PUBLIC_URL are always allowed.' },
  endpointAllowNetworks: { flag: 'endpoint-allow-networks', env: 'ENDPOINT_ALLOW_NETWORKS', description: 'Comma-separated networks (CIDR) that cluster API servers and Azure custom endpoints must be in; empty: any network not denied.' },
  endpointDenyNetworks: { flag: 'endpoint-deny-networks', env: 'ENDPOINT_DENY_NETWORKS', description: 'Comma-separated networks (CIDR) that cluster API servers and Azure custom endpoints may not be in; `none` clears it.', default: DEFAULT_DENIED_NETWORKS.join(',') },
  inClusterRegister: { flag: 'in-cluster-register', env: 'IN_CLUSTER_REGISTER', description: 'true: register the Kubernetes cluster the server runs in, through its ServiceAccount token (re-read as it rotates).', default: 'false' },
  inClusterName: { flag: 'in-cluster-name', env: 'IN_CLUSTER_NAME', description: 'Display name of the cluster registered by IN_CLUSTER_REGISTER.', default: 'in-cluster' },
  inClusterTokenFile: { flag: 'in-cluster-token-file', env: 'IN_CLUSTER_TOKEN_FILE', description: 'ServiceAccount token file the in-cluster registration reads.', default: `${SERVICE_ACCOUNT_DIR}/token` },
  inClusterCaFile: { flag: 'in-cluster-ca-file', env: 'IN_CLUSTER_CA_FILE', description: 'CA file of the cluster\'s API server for the in-cluster registration.', default: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
} as const satisfies Record<
  | Exclude<keyof AppConfig, 'azureDefaultCloud' | 'oidc' | 'inCluster'>
  | 'inClusterRegister' | 'inClusterName' | 'inClusterTokenFile' | 'inClusterCaFile'
  | 'oidcIssuer'
  | 'oidcClientId'
  | 'oidcClientSecret'
  | 'oidcRedirectUrl'
  | 'oidcScopes'
  | 'oidcGroupsClaim'
  | 'oidcUsernameClaim'
  | 'oidcDisplayName'
  | 'azureEnvironment' | 'azureAuthorityHost' | 'azureResourceManagerEndpoint' | 'azureResourceManagerAudience', SettingSpec>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(setting: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(setting, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(setting, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** TRUST_PROXY: empty (no proxy), a hop count, or proxy addresses/CIDRs ("true" is refused: it trusts whoever connects). */
function parseTrustProxy({ name, value }: { name: string; value: string }): false | number | string[] {
  if (value.trim() === '') return false;
  if (/^\d+$/.test(value.trim())) return integer(name, value.trim(), 1, 16);
  const proxies = list(value);
  for (const proxy of proxies) {
    try {
      parseNetwork(proxy);
    } catch (error) {
      throw new ConfigError(name, `${(error as Error).message}; give the proxies' addresses or CIDRs, comma-separated, or a hop count`);
    }
  }
  return proxies;
}

function list(raw: string): string[] {
  return raw.split(',').map((item) => item.trim()).filter(Boolean);
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Is `host` an IP address literal (IPv6 with or without brackets)? */
export function isIpLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

type Setting = (key: keyof typeof SETTINGS) => { name: string; value: string | undefined };

/** An http(s) URL; plain http only to a loopback host (a provider in tests, a local Dex). */
function url(name: string, value: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${value}"`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname.replace(/^\[|\]$/g, '')))) {
    throw new ConfigError(name, `must be an https:// URL (http:// only on loopback), got "${value}"`);
  }
  return parsed;
}

function oidcSettings(raw: Setting, withDefault: (key: keyof typeof SETTINGS) => { name: string; value: string }): AppConfig['oidc'] {
  const issuer = raw('oidcIssuer');
  if (issuer.value === undefined) return null;
  url(issuer.name, issuer.value);
  const required = (key: 'oidcClientId' | 'oidcRedirectUrl'): string => {
    const setting = raw(key);
    if (setting.value === undefined) throw new ConfigError(SETTINGS[key].env, `is required when ${SETTINGS.oidcIssuer.env} is set`);
    return setting.value;
  };
  const clientId = required('oidcClientId');
  const redirectUrl = required('oidcRedirectUrl');
  if (!url(raw('oidcRedirectUrl').name, redirectUrl).pathname.endsWith('/api/v1/auth/oidc/callback')) {
    throw new ConfigError(raw('oidcRedirectUrl').name, `must end with /api/v1/auth/oidc/callback, got "${redirectUrl}"`);
  }
  return {
    issuer: issuer.value,
    clientId,
    clientSecret: raw('oidcClientSecret').value,
    redirectUrl,
    scopes: withDefault('oidcScopes').value,
    groupsClaim: withDefault('oidcGroupsClaim').value,
    usernameClaim: withDefault('oidcUsernameClaim').value,
    displayName: withDefault('oidcDisplayName').value,
  };
}

/**
 * Reads and validates the configuration; throws ConfigError naming the first bad setting.
 * `repoRoot` locates the default web build.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, repoRoot: string): AppConfig {
  const options = Object.fromEntries(
    Object.values(SETTINGS)
      .filter((spec) => spec.flag)
      .map((spec) => [spec.flag, { type: 'string' as const }]),
  );
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new ConfigError('command line', `is not understood: ${(error as Error).message}`);
  }
  const raw = (key: keyof typeof SETTINGS): { name: string; value: string | undefined } => {
    const spec: SettingSpec = SETTINGS[key];
    const flagValue = spec.flag ? flags[spec.flag] : undefined;
    if (flagValue !== undefined) return { name: `--${spec.flag}`, value: String(flagValue) };
    const envValue = env[spec.env];
    return { name: spec.env, value: envValue === undefined || envValue === '' ? undefined : envValue };
  };
  const withDefault = (key: keyof typeof SETTINGS): { name: string; value: string } => {
    const { name, value } = raw(key);
    return { name, value: value ?? (SETTINGS[key] as SettingSpec).default ?? '' };
  };

  const host = withDefault('host').value;
  const port = withDefault('port');
  const dataDir = path.resolve(withDefault('dataDir').value);
  const databaseUrl = raw('databaseUrl').value ?? `sqlite:${path.join(dataDir, 'flux-orchestrator.db')}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(raw('databaseUrl').name, 'must start with sqlite:, postgres:// or mysql://');
  }
  const logLevel = withDefault('logLevel');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel.value)) {
    throw new ConfigError(logLevel.name, `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel.value}"`);
  }
  const authMode = withDefault('authMode');
  if (authMode.value !== 'local' && authMode.value !== 'none') throw new ConfigError(authMode.name, `must be local or none, got "${authMode.value}"`);
  if (authMode.value === 'none' && !isLoopbackHost(host)) {
    throw new ConfigError(authMode.name, `is none (no login), which is allowed only on a loopback HOST, and HOST is "${host}"; use AUTH_MODE=local (the default) to listen there`);
  }
  const sessionIdle = withDefault('sessionIdleMinutes');
  const sessionMaxAge = withDefault('sessionMaxAgeHours');
  const loginAttempts = withDefault('loginAttemptsPerMinute');
  const oidc = oidcSettings(raw, withDefault);
  const cookieSecure = withDefault('cookieSecure');
  if (cookieSecure.value !== 'auto' && cookieSecure.value !== 'always') throw new ConfigError(cookieSecure.name, `must be auto or always, got "${cookieSecure.value}"`);
  const trustProxy = parseTrustProxy(withDefault('trustProxy'));
  const execAllowlist = list(withDefault('execAllowlist').value);
  const interval = withDefault('healthCheckIntervalSeconds');
  const concurrency = withDefault('healthCheckConcurrency');
  const timeout = withDefault('healthCheckTimeoutSeconds');
  const bodyLimit = withDefault('bodyLimitBytes');
  const streamRecheck = withDefault('streamRecheckSeconds');
  const eventRetention = withDefault('eventRetentionDays');
  const jobRetention = withDefault('jobRetentionDays');
  const heapGrowing = withDefault('heapGrowingPercent');
  const workers = raw('healthCheckWorkers');
  const decodeWorkers = withDefault('listDecodeWorkers');
  const webDir = raw('webDir').value;
  const syncConcurrency = withDefault('azureSyncConcurrency');
  const azureEnvironment = withDefault('azureEnvironment');
  const clouds = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'custom'] as const;
  if (!(clouds as readonly string[]).includes(azureEnvironment.value)) {
    throw new ConfigError(azureEnvironment.name, `must be one of ${clouds.join(', ')}, got "${azureEnvironment.value}"`);
  }
  const httpsSetting = (key: 'azureAuthorityHost' | 'azureResourceManagerEndpoint'): string | null => {
    const { name, value } = raw(key);
    if (value !== undefined && !/^https:\/\/\S+$/.test(value)) throw new ConfigError(name, `must be an https:// URL, got "${value}"`);
    if (azureEnvironment.value === 'custom' && value === undefined) throw new ConfigError(SETTINGS[key].env, 'is required when AZURE_ENVIRONMENT is custom');
    return value ?? null;
  };
  const azureDefaultCloud = {
    environment: azureEnvironment.value as (typeof clouds)[number],
    authorityHost: httpsSetting('azureAuthorityHost'),
    resourceManagerEndpoint: httpsSetting('azureResourceManagerEndpoint'),
    resourceManagerAudience: raw('azureResourceManagerAudience').value ?? null,
  };
  const syncWait = withDefault('syncWaitSeconds');
  const publicUrl = raw('publicUrl');
  if (publicUrl.value !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(publicUrl.value);
    } catch {
      /* reported below */
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password) {
      throw new ConfigError(publicUrl.name, `must be an http(s) URL without user name or password, e.g. https://flux.example.com, got "${publicUrl.value}"`);
    }
  }
  const allowedHosts = list(withDefault('allowedHosts').value).map((name) => name.toLowerCase());
  const networks = (key: 'endpointAllowNetworks' | 'endpointDenyNetworks'): string[] => {
    const { name, value } = withDefault(key);
    const entries = value.trim().toLowerCase() === 'none' ? [] : list(value);
    for (const entry of entries) {
      try {
        parseNetwork(entry);
      } catch (error) {
        throw new ConfigError(name, (error as Error).message);
      }
    }
    return entries;
  };
  return {
    host,
    port: integer(port.name, port.value, 0, 65535),
    dataDir,
    databaseUrl,
    encryptionKey: raw('encryptionKey').value,
    previousEncryptionKeys: list(raw('previousEncryptionKeys').value ?? ''),
    logLevel: logLevel.value as AppConfig['logLevel'],
    authMode: authMode.value,
    sessionIdleMinutes: integer(sessionIdle.name, sessionIdle.value, 1, 525_600),
    sessionMaxAgeHours: integer(sessionMaxAge.name, sessionMaxAge.value, 1, 8_760),
    loginAttemptsPerMinute: integer(loginAttempts.name, loginAttempts.value, 1, 10_000),
    streamRecheckSeconds: integer(streamRecheck.name, streamRecheck.value, 1, 3600),
    eventRetentionDays: integer(eventRetention.name, eventRetention.value, 1, 3650),
    jobRetentionDays: integer(jobRetention.name, jobRetention.value, 1, 3650),
    heapGrowingPercent: integer(heapGrowing.name, heapGrowing.value, 0, 400),
    oidc,
    cookieSecure: cookieSecure.value,
    trustProxy,
    healthCheckIntervalSeconds: integer(interval.name, interval.value, 0, 86_400),
    healthCheckConcurrency: integer(concurrency.name, concurrency.value, 1, 1000),
    healthCheckTimeoutSeconds: integer(timeout.name, timeout.value, 1, 600),
    healthCheckWorkers: workers.value === undefined ? 0 : integer(workers.name, workers.value, 0, 64),
    listDecodeWorkers: integer(decodeWorkers.name, decodeWorkers.value, 0, 1),
    execAllowlist,
    bodyLimitBytes: integer(bodyLimit.name, bodyLimit.value, 1024, 100 * 1024 * 1024),
    azureSyncConcurrency: integer(syncConcurrency.name, syncConcurrency.value, 1, 256),
    syncWaitSeconds: integer(syncWait.name, syncWait.value, 0, 60),
    azureDefaultCloud,
    webDir: webDir ? path.resolve(webDir) : path.join(repoRoot, 'web', 'dist'),
    publicUrl: publicUrl.value === undefined ? null : new URL(publicUrl.value).origin,
    allowedHosts,
    endpointAllowNetworks: networks('endpointAllowNetworks'),
    endpointDenyNetworks: networks('endpointDenyNetworks'),
    inCluster: inClusterSettings(withDefault, env),
  };
}

/** IN_CLUSTER_*; the API server's address comes from the variables the kubelet sets in every pod. */
function inClusterSettings(withDefault: (key: keyof typeof SETTINGS) => { name: string; value: string }, env: NodeJS.ProcessEnv): InClusterSettings {
  const register = withDefault('inClusterRegister');
  if (register.value !== 'true' && register.value !== 'false') throw new ConfigError(register.name, `must be true or false, got "${register.value}"`);
  const name = withDefault('inClusterName');
  if (name.value.trim() === '') throw new ConfigError(name.name, 'must not be empty');
  return {
    register: register.value === 'true',
    name: name.value.trim(),
    serviceHost: env.KUBERNETES_SERVICE_HOST || undefined,
    servicePort: env.KUBERNETES_SERVICE_PORT || undefined,
    tokenFile: path.resolve(withDefault('inClusterTokenFile').value),
    caFile: path.resolve(withDefault('inClusterCaFile').value),
  };
}
