import { describe, expect, it } from 'vitest';
import { FieldSet, FieldsV1Error, describePath, fromFieldsV1, toFieldsV1, type FieldPath } from '../../src/kube/field-sets.js';
import { mergeSchemaFor, type MergeSchema } from '../../src/kube/merge-schema.js';
import { ListMergeError, compareFields, fieldSetOf, mergeApplied, removeFields } from '../../src/kube/object-fields.js';
import { CRD_GROUP_RESOURCE, installCustomResourceDefinitions } from '../../src/kube/custom-resource-definitions.js';
import { ResourceTypeRegistry } from '../../src/kube/resource-types.js';
import { MemoryObjectStore } from '../../src/store/index.js';

const registry = new ResourceTypeRegistry();
const store = new MemoryObjectStore();
installCustomResourceDefinitions(store, registry);
const schemaOf = (group: string, kind: string): MergeSchema => mergeSchemaFor(registry.findByKind(group, kind)!, store);
const DEPLOYMENT = schemaOf('apps', 'Deployment');
const KUSTOMIZATION = schemaOf('kustomize.toolkit.fluxcd.io', 'Kustomization');
const CONFIGMAP = schemaOf('', 'ConfigMap');

/** Paths of a set as the apiserver prints them, sorted. */
const printed = (set: FieldSet): string[] => set.paths().map(describePath).sort();

const deployment = (containers: unknown[]) => ({
  metadata: { labels: { app: 'web' }, finalizers: ['example.com/protect'] },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers } } },
});

describe('field sets and their FieldsV1 form', () => {
  it('writes members as {} and marks members with children with "."', () => {
    const set = new FieldSet([['f:spec', 'f:interval'], ['f:metadata', 'f:labels'], ['f:metadata', 'f:labels', 'f:team'], ['f:spec', 'f:containers', 'k:{"name":"app"}'], ['f:spec', 'f:containers', 'k:{"name":"app"}', 'f:image']]);
    const document = toFieldsV1(set);
    expect(document).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } }, 'f:interval': {} },
    });
    // The apiserver's order: "." first, field names before keys.
    expect(Object.keys(document['f:spec'] as object)).toEqual(['f:containers', 'f:interval']);
    expect(fromFieldsV1(document).equals(set)).toBe(true);
  });

  it('rejects documents that are not in the set format', () => {
    expect(() => fromFieldsV1({ 'spec': {} })).toThrow(FieldsV1Error);
    expect(() => fromFieldsV1({ 'k:notjson': {} })).toThrow(FieldsV1Error);
    expect(() => fromFieldsV1({ 'f:spec': 'x' })).toThrow(FieldsV1Error);
  });

  it('prints paths the way conflicts name them', () => {
    const path: FieldPath = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}', 'f:name'];
    expect(describePath(path)).toBe('.spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"].name');
    expect(describePath(['f:metadata', 'f:finalizers', 'v:"example.com/protect"'])).toBe('.metadata.finalizers[="example.com/protect"]');
  });

  it('answers whether a path or anything below it is in the set', () => {
    const set = new FieldSet([['f:spec', 'f:template', 'f:metadata']]);
    expect(set.hasWithin(['f:spec'])).toBe(true);
    expect(set.hasWithin(['f:spec', 'f:template', 'f:metadata'])).toBe(true);
    expect(set.hasWithin(['f:spec', 'f:temp'])).toBe(false);
    expect(set.hasWithin(['f:status'])).toBe(false);
  });
});

describe('the fields an applied configuration sets', () => {
  it('owns map entries one by one, keyed list items by their keys, set items by value and atomic values whole', () => {
    const set = fieldSetOf(deployment([{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'prod' }] }]), DEPLOYMENT);
    expect(printed(set)).toEqual(
      [
        '.metadata.labels.app',
        '.metadata.finalizers[="example.com/protect"]',
        '.spec.replicas',
        // LabelSelector is atomic: owned whole.
        '.spec.selector',
        '.spec.template.spec.containers[name="web"]',
        '.spec.template.spec.containers[name="web"].name',
        '.spec.template.spec.containers[name="web"].image',
        // A port without protocol is keyed by the schema's default, TCP.
        '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
        '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
        '.spec.template.spec.containers[name="web"].env[name="MODE"]',
        '.spec.template.spec.containers[name="web"].env[name="MODE"].name',
        '.spec.template.spec.containers[name="web"].env[name="MODE"].value',
      ].sort(),
    );
  });

  it('owns a Flux list without declared keys (dependsOn) as one atomic field, and an empty map itself', () => {
    const set = fieldSetOf({ spec: { interval: '5m', dependsOn: [{ name: 'infra' }], postBuild: {} } }, KUSTOMIZATION);
    expect(printed(set)).toEqual(['.spec.dependsOn', '.spec.interval', '.spec.postBuild']);
  });

  it('rejects, when strict, keyed lists with duplicate or missing keys', () => {
    expect(() => fieldSetOf(deployment([{ name: 'a' }, { name: 'a' }]), DEPLOYMENT, true)).toThrow(ListMergeError);
    expect(() => fieldSetOf(deployment([{ image: 'x' }]), DEPLOYMENT, true)).toThrow(/omits key field "name"/);
    // Not strict (live objects written by anyone): such a list is taken as atomic.
    expect(printed(fieldSetOf(deployment([{ name: 'a' }, { name: 'a' }]), DEPLOYMENT))).toContain('.spec.template.spec.containers');
  });
});

describe('comparing two versions of an object', () => {
  it('records a new map with its entries, a new keyed item with its fields, changed leaves and removed fields', () => {
    const before = { data: { keep: '1', change: '1', drop: '1' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } };
    const after = { data: { keep: '1', change: '2' }, metadata: { labels: { app: 'x' } }, spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } } };
    const changes = compareFields(before, after, DEPLOYMENT);
    expect(printed(changes.modified)).toEqual(['.data.change']);
    expect(printed(changes.removed)).toEqual(['.data.drop']);
    expect(printed(changes.added)).toEqual(
      [
        '.metadata',
        '.metadata.labels',
        '.metadata.labels.app',
        '.spec.template.spec.containers[name="b"]',
        '.spec.template.spec.containers[name="b"].image',
        '.spec.template.spec.containers[name="b"].name',
      ].sort(),
    );
  });

  it('compares atomic lists and objects as single values', () => {
    const changes = compareFields({ spec: { dependsOn: [{ name: 'a' }], interval: '1m' } }, { spec: { dependsOn: [{ name: 'b' }], interval: '1m' } }, KUSTOMIZATION);
    expect(printed(changes.modified)).toEqual(['.spec.dependsOn']);
    expect(changes.added.isEmpty() && changes.removed.isEmpty()).toBe(true);
  });
});

describe('merging an applied configuration', () => {
  it('merges maps per key and keyed lists per item, keeping live-only items in place', () => {
    const live = {
      metadata: { labels: { app: 'web', tier: 'front' } },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'proxy:1' }, { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }] } } },
    };
    const config = { metadata: { labels: { app: 'web2' } }, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }, { name: 'extra', image: 'x:1' }] } } } };
    const merged = mergeApplied(live, config, DEPLOYMENT);
    expect(merged).toEqual({
      metadata: { labels: { app: 'web2', tier: 'front' } },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'sidecar', image: 'proxy:1' },
              { name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
              { name: 'extra', image: 'x:1' },
            ],
          },
        },
      },
    });
    expect(live.spec.template.spec.containers[1]!.image).toBe('nginx:1');
  });

  it('unions sets, replaces atomic lists and objects, and removes fields set to null', () => {
    const merged = mergeApplied(
      { metadata: { finalizers: ['a', 'b'] }, spec: { selector: { matchLabels: { app: 'x', old: 'y' } }, paused: true, replicas: 1 } },
      { metadata: { finalizers: ['c', 'a'] }, spec: { selector: { matchLabels: { app: 'x' } }, paused: null } },
      DEPLOYMENT,
    );
    expect(merged).toEqual({ metadata: { finalizers: ['c', 'a', 'b'] }, spec: { selector: { matchLabels: { app: 'x' } }, replicas: 1 } });
    const flux = mergeApplied({ spec: { dependsOn: [{ name: 'a' }, { name: 'b' }] } }, { spec: { dependsOn: [{ name: 'c' }] } }, KUSTOMIZATION);
    expect(flux).toEqual({ spec: { dependsOn: [{ name: 'c' }] } });
  });
});

describe('removing fields', () => {
  it('removes leaves, keyed items and set items, and maps left empty unless someone keeps them', () => {
    const object = { data: { a: '1' }, metadata: { labels: { x: '1', y: '2' }, finalizers: ['f1', 'f2'] } };
    const fields = new FieldSet([['f:data', 'f:a'], ['f:metadata', 'f:labels', 'f:x'], ['f:metadata', 'f:finalizers', 'v:"f1"']]);
    expect(removeFields(object, fields, CONFIGMAP)).toEqual({ metadata: { labels: { y: '2' }, finalizers: ['f2'] } });
    expect(removeFields(object, fields, CONFIGMAP, new FieldSet([['f:data']]))).toEqual({ data: {}, metadata: { labels: { y: '2' }, finalizers: ['f2'] } });
    const withContainers = deployment([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]);
    const withoutA = removeFields(withContainers, new FieldSet([['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"a"}']]), DEPLOYMENT);
    expect(withoutA.spec).toMatchObject({ template: { spec: { containers: [{ name: 'b', image: 'b' }] } } });
  });
});

describe('list types a CRD declares', () => {
  it('reads x-kubernetes-list-type, -list-map-keys (with defaults) and -map-type from the served version\'s schema', () => {
    const crds = new MemoryObjectStore();
    crds.create(CRD_GROUP_RESOURCE, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        versions: [
          {
            name: 'v1',
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      parts: {
                        type: 'array',
                        'x-kubernetes-list-type': 'map',
                        'x-kubernetes-list-map-keys': ['name', 'kind'],
                        items: { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string', default: 'basic' } } },
                      },
                      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                      selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
                      notes: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    });
    const schema = mergeSchemaFor({ group: 'example.com', version: 'v1', kind: 'Widget', resource: 'widgets' }, crds);
    const set = fieldSetOf({ spec: { parts: [{ name: 'a' }], tags: ['x'], selector: { app: 'w' }, notes: ['n'] } }, schema);
    expect(printed(set)).toEqual(
      ['.spec.notes', '.spec.parts[kind="basic",name="a"]', '.spec.parts[kind="basic",name="a"].name', '.spec.selector', '.spec.tags[="x"]'].sort(),
    );
    expect(schema.listType(['metadata', 'finalizers'])).toEqual({ type: 'set' });
    // A CRD that declares nothing (the simulator's own Flux CRDs today): every list is atomic.
    expect(KUSTOMIZATION.listType(['status', 'conditions'])).toEqual({ type: 'atomic' });
  });
});
