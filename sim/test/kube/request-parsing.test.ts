import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../src/kube/resource-request-handler.js';
import { parseApiPath } from '../../src/kube/api-request-path.js';
import { ResourceTypeRegistry, pluralize } from '../../src/kube/resource-types.js';
import { applyMergePatch } from '../../src/kube/object-patch.js';

describe('request parsing', () => {
  it('reads Go durations as kubectl sends them', () => {
    expect(parseGoDuration('2s')).toBe(2000);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0s')).toBeUndefined();
    expect(parseGoDuration('soon')).toBeUndefined();
    expect(parseGoDuration(null)).toBeUndefined();
  });

  it('splits API paths like kube-apiserver, telling namespaced resources from namespace subresources', () => {
    const registry = new ResourceTypeRegistry();
    expect(parseApiPath('/api/v1/namespaces/flux-system/pods/x/log', registry)).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'pods', namespace: 'flux-system', name: 'x', subresource: 'log', watchPath: false });
    expect(parseApiPath('/api/v1/namespaces/flux-system/status', registry)).toEqual({ kind: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'flux-system', subresource: 'status', watchPath: false });
    expect(parseApiPath('/apis/kustomize.toolkit.fluxcd.io/v1/watch/kustomizations', registry)).toMatchObject({ kind: 'resource', resource: 'kustomizations', watchPath: true });
    expect(parseApiPath('/apis/apps', registry)).toEqual({ kind: 'discovery', document: 'group', group: 'apps' });
    expect(parseApiPath('/metrics', registry)).toEqual({ kind: 'unknown' });
  });

  it('pluralizes kinds like the default RESTMapper', () => {
    expect(pluralize('Policy')).toBe('policies');
    expect(pluralize('Ingress')).toBe('ingresses');
    expect(pluralize('Gateway')).toBe('gateways');
  });

  it('applies RFC 7386 merge patches: null deletes, arrays replace', () => {
    expect(applyMergePatch({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { b: null, d: 3 }, list: [3] })).toEqual({ a: { c: 2, d: 3 }, list: [3] });
  });
});
