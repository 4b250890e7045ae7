/**
 * kube-apiserver's Service IP allocation, simplified: a Service created without `spec.clusterIP`
 * (other than ExternalName and headless `None` ones) gets a free address of the service range
 * 10.96.0.0/12, chosen from a hash of its namespace and name (so the same cluster setup gets the
 * same addresses) and probed upwards past addresses already taken; `clusterIPs` follows.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectStore } from '../store/types.js';

export const SERVICES = '/services';
const RANGE_START = (10 << 24) | (96 << 16); // 10.96.0.0
const RANGE_SIZE = 1 << 20; // /12
/** .0 is the network, .1 the `kubernetes` Service, .10 cluster DNS: the first addresses are reserved. */
const RESERVED = 16;

function toAddress(offset: number): string {
  const value = RANGE_START + offset;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

function seedOf(namespace: string | undefined, name: string): number {
  return createHash('sha256').update(`${namespace ?? ''}/${name}`).digest().readUInt32BE(0);
}

const USABLE = RANGE_SIZE - RESERVED - 1;

/** The address a Service is first offered (what generated Services, written straight to the store, carry). */
export function preferredClusterIp(namespace: string | undefined, name: string): string {
  return toAddress(RESERVED + (seedOf(namespace, name) % USABLE));
}

/** `object` (a Service being created) with a cluster IP allocated when it needs one. */
export function withClusterIp(store: ObjectStore, object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  if (spec.type === 'ExternalName') return object;
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '') {
    return Array.isArray(spec.clusterIPs) ? object : { ...object, spec: { ...spec, clusterIPs: [spec.clusterIP] } };
  }
  const taken = new Set(store.list(SERVICES).items.map((service) => (service.spec as { clusterIP?: unknown } | undefined)?.clusterIP).filter((ip): ip is string => typeof ip === 'string'));
  const seed = seedOf(object.metadata.namespace, object.metadata.name);
  for (let probe = 0; probe < USABLE; probe += 1) {
    const address = toAddress(RESERVED + ((seed + probe) % USABLE));
    if (!taken.has(address)) return { ...object, spec: { ...spec, clusterIP: address, clusterIPs: [address] } };
  }
  return object;
}
