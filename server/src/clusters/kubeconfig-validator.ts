import { parse, stringify, YAMLParseError } from 'yaml';
import { isLoopbackHost } from '../config/index.js';
import { userinfoProblem } from './endpoint-policy.js';

/**
 * Validates an uploaded kubeconfig before anything is stored and reduces it to the one context
 * that will be used. Pure: no network, no file system. Rules, and why:
 * - everything must be inline (`*-data`, `token`): file paths would read the server's own disk;
 * - the server must be https, or http on loopback only (like `kubectl proxy`);
 * - an exec plugin may only name an allow-listed command and set AAD_/AZURE_ variables, or an
 *   API caller could run programs on the server (LD_PRELOAD, PATH tricks);
 * - legacy auth-provider plugins and basic auth are not supported by current Kubernetes.
 */

export type ClusterAuthKind = 'token' | 'client-certificate' | 'exec' | 'none';

export interface ExecPluginConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
  apiVersion: string;
}

/** The parts of one kubeconfig context the server needs, with secrets still inside. */
export interface ResolvedKubeconfig {
  contextName: string;
  server: string;
  caData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  authKind: ClusterAuthKind;
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  exec?: ExecPluginConfig;
}

export interface KubeconfigProblem {
  /** The request field the problem belongs to. */
  field: 'kubeconfig' | 'context';
  message: string;
}

export type KubeconfigValidation =
  | {
      ok: true;
      resolved: ResolvedKubeconfig;
      /**
       * The single-context kubeconfig to store, as JSON text: valid YAML for any kubeconfig
       * reader, and parsed many times faster than YAML on every health check.
       */
      normalized: string;
    }
  | { ok: false; problems: KubeconfigProblem[] };

export interface KubeconfigRules {
  execAllowlist: readonly string[];
  /**
   * Largest size of the document once YAML aliases are expanded (default 4 MiB): a small text
   * whose aliases repeat a large node would otherwise be stored, and copied, at its full size.
   */
  maxExpandedBytes?: number;
}

const DEFAULT_MAX_EXPANDED_BYTES = 4 * 1024 * 1024;

/**
 * Whether a parsed document is larger than `limit` when every alias is written out, counted
 * the way it would be stored (strings, keys, numbers). Stops as soon as the limit is passed,
 * so the cost is bounded by the limit, never by what the aliases would expand to (or a cycle).
 */
export function exceedsExpandedSize(document: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') size += value.length + 2;
    else if (Array.isArray(value)) {
      size += 2 + value.length;
      for (const item of value) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      size += 2;
      for (const [key, item] of Object.entries(value)) {
        size += key.length + 4;
        stack.push(item);
      }
    } else size += 8;
    if (size > limit) return true;
  }
  return false;
}

const EXEC_ENV_NAME = /^(AAD|AZURE)_[A-Z0-9_]+$/;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

function named(list: unknown, key: string): Map<string, Obj> {
  const entries = new Map<string, Obj>();
  if (!Array.isArray(list)) return entries;
  for (const item of list) {
    if (isObj(item) && str(item.name) && isObj(item[key])) entries.set(item.name as string, item[key] as Obj);
  }
  return entries;
}

export function validateKubeconfig(text: string, requestedContext: string | undefined, rules: KubeconfigRules): KubeconfigValidation {
  let document: unknown;
  try {
    // logLevel error: a warning (an unknown tag) would print the caller's text on the server's stderr.
    document = parse(text, { maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    return { ok: false, problems: [{ field: 'kubeconfig', message: `is not valid YAML${where}: ${(error as Error).message.split('\n')[0]}` }] };
  }
  return validateKubeconfigDocument(document, requestedContext, rules);
}

/** validateKubeconfig for an already parsed document (saves a YAML round trip when we built it). */
export function validateKubeconfigDocument(document: unknown, requestedContext: string | undefined, rules: KubeconfigRules): KubeconfigValidation {
  const fail = (message: string, field: KubeconfigProblem['field'] = 'kubeconfig'): KubeconfigValidation => ({ ok: false, problems: [{ field, message }] });
  if (!isObj(document)) return fail('must be a YAML mapping with clusters, users and contexts (a kubeconfig file)');
  const maxExpanded = rules.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  if (exceedsExpandedSize(document, maxExpanded)) {
    return fail(`is larger than ${maxExpanded} bytes once its YAML anchors and aliases are expanded; send it with the aliases written out, or smaller`);
  }
  if (document.kind !== undefined && document.kind !== 'Config') return fail(`has kind "${String(document.kind)}"; a kubeconfig has kind Config`);
  const contexts = named(document.contexts, 'context');
  if (contexts.size === 0) return fail('has no contexts; add a context that names a cluster and a user');
  const contextName = requestedContext ?? str(document['current-context']);
  if (!contextName) {
    return fail(`has no current-context; set "context" to one of: ${[...contexts.keys()].join(', ')}`, 'context');
  }
  const context = contexts.get(contextName);
  if (!context) return fail(`"${contextName}" is not a context in the kubeconfig; available: ${[...contexts.keys()].join(', ')}`, 'context');

  const problems: KubeconfigProblem[] = [];
  const problem = (message: string): void => void problems.push({ field: 'kubeconfig', message });
  const clusterName = str(context.cluster);
  const cluster = clusterName ? named(document.clusters, 'cluster').get(clusterName) : undefined;
  if (!cluster) return fail(`context "${contextName}" names cluster "${clusterName ?? ''}", which is not in clusters`);
  const userName = str(context.user);
  const users = named(document.users, 'user');
  // A context without a user is anonymous access (e.g. `kubectl proxy` on loopback).
  const user: Obj = userName ? users.get(userName) ?? {} : {};
  if (userName && !users.has(userName)) problem(`context "${contextName}" names user "${userName}", which is not in users`);

  const server = str(cluster.server);
  let serverUrl: URL | undefined;
  try {
    serverUrl = server ? new URL(server) : undefined;
  } catch {
    /* reported below */
  }
  if (!server || !serverUrl) problem(`cluster "${clusterName}" needs a valid server URL (https://host:port)`);
  else if (userinfoProblem(serverUrl, `cluster "${clusterName}" server`)) problem(userinfoProblem(serverUrl, `cluster "${clusterName}" server`)!);
  else if (serverUrl.protocol === 'http:' && !isLoopbackHost(serverUrl.hostname.replace(/^\[|\]$/g, ''))) {
    problem(`cluster "${clusterName}" server ${server} uses plain http to a remote host; use https (plain http is only accepted on loopback, as with kubectl proxy)`);
  } else if (serverUrl.protocol !== 'https:' && serverUrl.protocol !== 'http:') {
    problem(`cluster "${clusterName}" server must be an https:// URL, got ${serverUrl.protocol}`);
  }
  if (str(cluster['certificate-authority'])) {
    problem(`cluster "${clusterName}" refers to a CA file; paste it inline as certificate-authority-data (base64) instead`);
  }
  const caData = str(cluster['certificate-authority-data']);
  if (caData && !/^[A-Za-z0-9+/=\s]+$/.test(caData)) problem(`cluster "${clusterName}" certificate-authority-data must be base64`);

  let authKind: ClusterAuthKind = 'none';
  const resolved: Partial<ResolvedKubeconfig> = {};
  if (isObj(user['auth-provider'])) {
    problem(`user "${userName}" uses the removed auth-provider plugin "${String((user['auth-provider'] as Obj).name ?? '')}"; use an exec plugin (e.g. kubelogin) or a token`);
  }
  if (str(user.username) || str(user.password)) problem(`user "${userName}" uses basic auth, which Kubernetes no longer supports; use a token or a client certificate`);
  if (str(user.tokenFile)) problem(`user "${userName}" refers to a token file; put the token inline as "token"`);
  if (str(user['client-certificate']) || str(user['client-key'])) {
    problem(`user "${userName}" refers to certificate files; paste them inline as client-certificate-data and client-key-data`);
  }
  if (str(user.token)) {
    authKind = 'token';
    resolved.token = str(user.token);
  } else if (str(user['client-certificate-data']) || str(user['client-key-data'])) {
    if (!str(user['client-certificate-data']) || !str(user['client-key-data'])) {
      problem(`user "${userName}" needs both client-certificate-data and client-key-data`);
    }
    authKind = 'client-certificate';
    resolved.clientCertificateData = str(user['client-certificate-data']);
    resolved.clientKeyData = str(user['client-key-data']);
  } else if (isObj(user.exec)) {
    authKind = 'exec';
    const exec = user.exec;
    const command = str(exec.command);
    if (!command) problem(`user "${userName}" exec plugin has no command`);
    else if (!rules.execAllowlist.includes(command)) {
      problem(
        `user "${userName}" exec command "${command}" is not allowed; the server only runs ${rules.execAllowlist.length ? rules.execAllowlist.map((c) => `"${c}"`).join(', ') : 'no exec plugins'} (setting KUBECONFIG_EXEC_ALLOWLIST)`,
      );
    }
    const args = Array.isArray(exec.args) ? exec.args : [];
    if (!args.every((arg) => typeof arg === 'string')) problem(`user "${userName}" exec args must be strings`);
    const env: Record<string, string> = {};
    for (const entry of Array.isArray(exec.env) ? exec.env : []) {
      const name = isObj(entry) ? str(entry.name) : undefined;
      if (!name || typeof (entry as Obj).value !== 'string') {
        problem(`user "${userName}" exec env entries need a name and a string value`);
        continue;
      }
      if (!EXEC_ENV_NAME.test(name)) problem(`user "${userName}" exec env "${name}" is not allowed; exec plugins may only set AAD_* and AZURE_* variables`);
      env[name] = (entry as Obj).value as string;
    }
    resolved.exec = { command: command ?? '', args: args as string[], env, apiVersion: str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1beta1' };
  }
  if (problems.length > 0) return { ok: false, problems };

  const final: ResolvedKubeconfig = {
    contextName,
    server: server!,
    caData,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: str(cluster['tls-server-name']),
    authKind,
    ...resolved,
  };
  // Keep only the chosen context: other contexts' credentials are never stored.
  const normalized = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contextName,
    clusters: [{ name: clusterName, cluster }],
    users: [{ name: userName ?? 'anonymous', user }],
    contexts: [{ name: contextName, context: { ...context, user: userName ?? 'anonymous' } }],
  };
  return { ok: true, resolved: final, normalized: JSON.stringify(normalized) };
}

/** Parses a kubeconfig that was validated before it was stored. */
export function resolveStoredKubeconfig(text: string): ResolvedKubeconfig {
  const document = parseStoredKubeconfig(text);
  const result = validateKubeconfigDocument(document, undefined, { execAllowlist: execCommandOf(document) });
  if (!result.ok) throw new Error(`Stored kubeconfig no longer validates: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.resolved;
}

/** Stored kubeconfigs are JSON (see `normalized`); YAML is still read for safety. */
export function parseStoredKubeconfig(text: string): unknown {
  return text.startsWith('{') ? JSON.parse(text) : parse(text);
}

/** A stored kubeconfig as YAML, the way people read and download kubeconfigs. */
export function storedKubeconfigAsYaml(text: string): string {
  return stringify(parseStoredKubeconfig(text));
}

function execCommandOf(document: unknown): string[] {
  // Stored kubeconfigs passed the allow-list when they were saved; re-reading them must not
  // depend on today's allow-list (the credential provider re-checks before running anything).
  const users = isObj(document) && Array.isArray(document.users) ? document.users : [];
  const user = (users[0] as Obj | undefined)?.user;
  const command = isObj(user) && isObj(user.exec) ? str(user.exec.command) : undefined;
  return command ? [command] : [];
}

/** A description of how a cluster authenticates that is safe to show (no secrets). */
export function describeAuth(resolved: Pick<ResolvedKubeconfig, 'authKind' | 'exec'>): string {
  return resolved.authKind === 'exec' ? `exec:${resolved.exec?.command ?? ''}` : resolved.authKind;
}
