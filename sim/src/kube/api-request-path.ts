import type { ResourceTypeRegistry } from './resource-types.js';

/** A request path broken down the way kube-apiserver's RequestInfoFactory does. */
export type ParsedApiPath =
  | { kind: 'discovery'; document: 'core-versions' | 'group-list' | 'group' | 'resource-list'; group: string; version?: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** Legacy `/watch/` path prefix. */
      watchPath: boolean;
    }
  | { kind: 'unknown' };

/**
 * Splits `/api/v1/namespaces/ns/pods/x/log` or `/apis/g/v/watch/things` into its parts. The
 * `namespaces/{ns}/{resource}` form is recognised only when `{resource}` is a served namespaced
 * type, so `/api/v1/namespaces/foo/status` stays the status of namespace `foo`.
 */
export function parseApiPath(pathname: string, registry: ResourceTypeRegistry): ParsedApiPath {
  const segments = pathname.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'discovery', document: 'core-versions', group: '' };
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'discovery', document: 'group-list', group: '' };
    group = segments[1]!;
    if (segments.length === 2) return { kind: 'discovery', document: 'group', group };
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return { kind: 'unknown' };
  }
  if (version === undefined) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'discovery', document: 'resource-list', group, version };

  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);
  if (rest[0] === 'namespaces' && rest.length >= 3 && registry.find(group, version, rest[2]!)?.namespaced) {
    const [, namespace, resource, name, subresource] = rest;
    if (rest.length > 5) return { kind: 'unknown' };
    return { kind: 'resource', group, version, resource: resource!, namespace: namespace!, ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}), watchPath };
  }
  const [resource, name, subresource] = rest;
  if (rest.length > 3 || resource === undefined) return { kind: 'unknown' };
  return { kind: 'resource', group, version, resource, ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}), watchPath };
}
