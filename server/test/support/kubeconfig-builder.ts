import { stringify } from 'yaml';

export interface KubeconfigParts {
  server?: string;
  caData?: string;
  user?: Record<string, unknown>;
  context?: string;
  currentContext?: string | null;
  extraContexts?: string[];
}

/** Builds kubeconfig YAML for tests; by default a token user against a loopback https server. */
export function buildKubeconfig(parts: KubeconfigParts = {}): string {
  const context = parts.context ?? 'sim';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(parts.currentContext === null ? {} : { 'current-context': parts.currentContext ?? context }),
    clusters: [{ name: 'c', cluster: { server: parts.server ?? 'https://127.0.0.1:6443', ...(parts.caData ? { 'certificate-authority-data': parts.caData } : {}) } }],
    users: [{ name: 'u', user: parts.user ?? { token: 'secret-token-value' } }],
    contexts: [context, ...(parts.extraContexts ?? [])].map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
  });
}
