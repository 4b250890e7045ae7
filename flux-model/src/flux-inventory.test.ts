import { describe, expect, it } from 'vitest';
import { inventoryOf, parseInventoryEntry } from './flux-inventory.js';

describe('parseInventoryEntry', () => {
  it.each<[string, unknown, ReturnType<typeof parseInventoryEntry>]>([
    ['a namespaced object of a group', { id: 'apps_podinfo_apps_Deployment', v: 'v1' }, { namespace: 'apps', name: 'podinfo', group: 'apps', kind: 'Deployment', version: 'v1' }],
    ['a cluster-scoped core object', { id: '_team-a__Namespace', v: 'v1' }, { namespace: '', name: 'team-a', group: '', kind: 'Namespace', version: 'v1' }],
    ['a Flux object, version defaulted', { id: 'flux-system_apps_kustomize.toolkit.fluxcd.io_Kustomization' }, { namespace: 'flux-system', name: 'apps', group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', version: 'v1' }],
    ['an id of three parts', { id: 'apps_podinfo_Deployment', v: 'v1' }, undefined],
    ['no name', { id: 'apps__apps_Deployment' }, undefined],
    ['not an object', 'apps_podinfo_apps_Deployment', undefined],
  ])('%s', (_name, entry, expected) => {
    expect(parseInventoryEntry(entry)).toEqual(expected);
  });
});

describe('inventoryOf', () => {
  it('keeps the entries it can read and tells "no inventory" from an empty one', () => {
    expect(inventoryOf({ status: { inventory: { entries: [{ id: 'a_b_apps_Deployment', v: 'v1' }, { id: 'junk' }] } } })).toHaveLength(1);
    expect(inventoryOf({ status: { inventory: { entries: [] } } })).toEqual([]);
    expect(inventoryOf({ status: {} })).toBeUndefined();
    expect(inventoryOf({})).toBeUndefined();
  });
});
