/**
 * Small shared vocabulary of the simulated controllers: how one object is named in maps and
 * messages, and how the API server words a missing object.
 */
import type { KubeObject, ObjectStore } from '../store/types.js';

/** Identifies one object: store key `group/plural`, namespace and name. */
export interface FluxObjectRef {
  groupResource: string;
  namespace?: string;
  name: string;
}

export function keyOf(groupResource: string, namespace: string | undefined, name: string): string {
  return `${groupResource}|${namespace ?? ''}|${name}`;
}

export function refKey(ref: FluxObjectRef): string {
  return keyOf(ref.groupResource, ref.namespace, ref.name);
}

export function parseKey(key: string): FluxObjectRef {
  const [groupResource = '', namespace = '', name = ''] = key.split('|');
  return { groupResource, namespace: namespace || undefined, name };
}

/** The API server's NotFound message, e.g. `secrets "git-auth" not found`, `gitrepositories.source.toolkit.fluxcd.io "app" not found`. */
export function notFoundMessage(groupResource: string, name: string): string {
  const [group = '', resource = ''] = groupResource.split('/');
  return `${group ? `${resource}.${group}` : resource} "${name}" not found`;
}

export const SECRETS = '/secrets';

/** The name of a `{ name }` reference field of `spec` (secretRef, certSecretRef, ...), if set. */
export function localRefName(spec: Record<string, unknown> | undefined, field: string): string | undefined {
  const ref = spec?.[field] as { name?: unknown } | undefined;
  return typeof ref?.name === 'string' && ref.name ? ref.name : undefined;
}

/** The artifact revision a source object currently serves, if any. */
export function artifactRevision(object: KubeObject | undefined): string | undefined {
  const revision = (object?.status?.artifact as { revision?: unknown } | undefined)?.revision;
  return typeof revision === 'string' && revision ? revision : undefined;
}

export function secretExists(store: ObjectStore, namespace: string, name: string): boolean {
  return store.get(SECRETS, namespace, name) !== undefined;
}
