/**
 * Legacy (non-aggregated) discovery documents, as kube-apiserver serves them at `/api`, `/apis`,
 * `/apis/{group}` and `/apis/{group}/{version}`. Clients that ask for aggregated discovery
 * (`as=APIGroupDiscoveryList`) get these plain documents and fall back, as client-go does.
 */
import { createHash } from 'node:crypto';
import type { ResourceTypeRegistry, ServedResourceType } from './resource-types.js';
import { apiVersionOf } from './resource-types.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** `/version` for a `vMAJOR.MINOR.PATCH` string. */
export function versionInfo(kubernetesVersion: string): VersionInfo {
  const match = /^v(\d+)\.(\d+)/.exec(kubernetesVersion);
  return {
    major: match?.[1] ?? '1',
    minor: match?.[2] ?? '31',
    gitVersion: kubernetesVersion,
    gitCommit: createHash('sha1').update(kubernetesVersion).digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: apiVersionOf(group, version), version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceTypeRegistry): Record<string, unknown> {
  const groups = registry
    .groups()
    .filter(({ group }) => group !== '')
    .map(({ group, versions }) => groupDocument(group, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(registry: ResourceTypeRegistry, group: string): Record<string, unknown> | undefined {
  const versions = registry.versionsOf(group);
  if (versions.length === 0 || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group, versions) };
}

function storageVersionHash(type: ServedResourceType): string {
  return createHash('sha256').update(`${type.group}/${type.version}/${type.kind}`).digest('base64').slice(0, 11);
}

function subresourceEntries(type: ServedResourceType): Record<string, unknown>[] {
  return type.subresources.map((subresource) => {
    switch (subresource) {
      case 'scale':
        return { name: `${type.resource}/scale`, singularName: '', namespaced: type.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
      case 'log':
        return { name: `${type.resource}/log`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get'] };
      case 'status':
        return { name: `${type.resource}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: ['get', 'patch', 'update'] };
    }
  });
}

export function apiResourceList(registry: ResourceTypeRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.resourcesOf(group, version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((type) => {
    const entry: Record<string, unknown> = {
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: [...type.verbs],
    };
    // Kinds that cannot be read back (reviews) are never stored: no storage version, as in kube-apiserver.
    if (type.verbs.includes('get')) entry.storageVersionHash = storageVersionHash(type);
    if (type.shortNames.length > 0) entry.shortNames = type.shortNames;
    if (type.categories.length > 0) entry.categories = type.categories;
    return [entry, ...subresourceEntries(type)];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}
