import { fluxKindOf } from '@flux-orchestrator/flux-model';
import { fluxCrdVersionSchema, type CrdVersionSchema } from '../flux/crd-schemas/index.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { ResourceTypeRegistry, ServedResourceType } from './resource-types.js';

export const CRD_GROUP_RESOURCE = 'apiextensions.k8s.io/customresourcedefinitions';

/**
 * The `CustomResourceDefinition` objects a cluster with these CRD-backed types would hold, one per
 * group + kind, listing the served versions (the first one is the storage version). Clients that
 * read CRDs instead of discovery see the same versions.
 */
export function customResourceDefinitions(registry: ResourceTypeRegistry): KubeObject[] {
  const byName = new Map<string, ServedResourceType[]>();
  for (const type of registry.all()) {
    if (!registry.customResourceGroups.has(type.group)) continue;
    const name = `${type.resource}.${type.group}`;
    byName.set(name, [...(byName.get(name) ?? []), type]);
  }
  return [...byName].map(([name, types]) => {
    const first = types[0]!;
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name,
        labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/component': componentOf(first.group) },
        annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.1' },
      },
      spec: sharedSpec(name, types, () => ({
        group: first.group,
        names: {
          kind: first.kind,
          listKind: `${first.kind}List`,
          plural: first.resource,
          singular: first.singular,
          ...(first.shortNames.length > 0 ? { shortNames: first.shortNames } : {}),
          ...(first.categories.length > 0 ? { categories: first.categories } : {}),
        },
        scope: first.namespaced ? 'Namespaced' : 'Cluster',
        versions: types.map((type, index) => ({
          name: type.version,
          served: true,
          storage: index === 0,
          subresources: type.hasStatusSubresource ? { status: {} } : {},
          ...servedVersionSchema(type),
        })),
      })),
      status: {
        acceptedNames: { kind: first.kind, plural: first.resource },
        storedVersions: [first.version],
        conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }],
      },
    };
  });
}

/**
 * One frozen spec per CRD shape, shared by every cluster's CRD object (the store keeps a frozen
 * spec as is instead of copying it): the schemas are large, and 500 clusters serve the same few.
 */
const sharedSpecs = new Map<string, Record<string, unknown>>();

function sharedSpec(name: string, types: ServedResourceType[], build: () => Record<string, unknown>): Record<string, unknown> {
  const first = types[0]!;
  const key = [name, first.namespaced, first.shortNames.join(','), first.categories.join(','), ...types.map((type) => `${type.version}:${type.hasStatusSubresource === true}`)].join('|');
  let spec = sharedSpecs.get(key);
  if (!spec) sharedSpecs.set(key, (spec = deepFreeze(build())));
  return spec;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** What a kind without a schema of its own gets: anything goes, and Flux's readiness columns. */
const OPEN_VERSION: CrdVersionSchema = {
  openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  additionalPrinterColumns: [
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
  ],
};

/** The structural schema and printer columns of one served version (crd-schemas/ for the Flux kinds). */
function servedVersionSchema(type: ServedResourceType): { schema: { openAPIV3Schema: CrdVersionSchema['openAPIV3Schema'] }; additionalPrinterColumns: CrdVersionSchema['additionalPrinterColumns'] } {
  const version = (fluxKindOf(type.group, type.kind) ? fluxCrdVersionSchema(type.kind, type.version) : undefined) ?? OPEN_VERSION;
  return { schema: { openAPIV3Schema: version.openAPIV3Schema }, additionalPrinterColumns: version.additionalPrinterColumns };
}

function componentOf(group: string): string {
  const prefix = group.split('.')[0] ?? group;
  return prefix === 'fluxcd' ? 'flux-operator' : `${prefix}-controller`;
}

/** Writes the CRD objects into the store (creating missing ones, so a restarted server is idempotent). */
export function installCustomResourceDefinitions(store: ObjectStore, registry: ResourceTypeRegistry): void {
  for (const crd of customResourceDefinitions(registry)) {
    const existing = store.get(CRD_GROUP_RESOURCE, undefined, crd.metadata.name);
    if (!existing) store.create(CRD_GROUP_RESOURCE, crd);
  }
}
