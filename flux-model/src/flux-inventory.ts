/**
 * `status.inventory` as Flux writes it: `{entries: [{id, v}]}`, where `id` is cli-utils' object
 * id `namespace_name_group_Kind` (namespace and group empty for cluster-scoped and core objects)
 * and `v` the version it was applied at. Kustomizations, HelmReleases (from Flux 2.8),
 * ResourceSets and FluxInstances keep one.
 */
export interface InventoryEntryRef {
  namespace: string;
  name: string;
  group: string;
  kind: string;
  version: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One inventory entry, or undefined when its id is not `namespace_name_group_Kind`. */
export function parseInventoryEntry(entry: unknown): InventoryEntryRef | undefined {
  const { id, v } = record(entry);
  if (typeof id !== 'string') return undefined;
  const parts = id.split('_');
  if (parts.length !== 4) return undefined;
  const [namespace = '', name = '', group = '', kind = ''] = parts;
  if (!name || !kind) return undefined;
  return { namespace, name, group, kind, version: typeof v === 'string' && v ? v : 'v1' };
}

/** The object's inventory entries; undefined when it reports no inventory at all. */
export function inventoryOf(object: { status?: unknown }): InventoryEntryRef[] | undefined {
  const inventory = record(record(object.status).inventory);
  if (!Array.isArray(inventory.entries)) return undefined;
  return inventory.entries.map(parseInventoryEntry).filter((entry): entry is InventoryEntryRef => entry !== undefined);
}
