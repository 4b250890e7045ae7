import { describe, expect, it } from 'vitest';
import { EMPTY_MATRIX_FILTER, countPresence, formatMatrixFilter, matrixHref, matrixQueryOf, parseMatrixFilter, presenceOf, toggleMatrixValue } from './matrix-filter.js';

describe('matrix filter in the URL', () => {
  it('round-trips kind, name, revision and Flux version; empty ones left out', () => {
    const filter = { kind: 'HelmRelease', name: 'podinfo', revision: '6.5.3', flux_version: '2.5' };
    expect(formatMatrixFilter(filter)).toBe('kind=HelmRelease&name=podinfo&revision=6.5.3&flux_version=2.5');
    expect(parseMatrixFilter('?kind=HelmRelease&name=podinfo&revision=6.5.3&flux_version=2.5')).toEqual(filter);
    expect(matrixHref({ kind: 'HelmRelease', name: 'podinfo' })).toBe('/matrix?kind=HelmRelease&name=podinfo');
    expect(matrixHref({})).toBe('/matrix');
    // A revision with a digest survives the URL.
    const digest = { ...EMPTY_MATRIX_FILTER, kind: 'HelmRelease', revision: '6.6.3+abcdef012345' };
    expect(parseMatrixFilter(formatMatrixFilter(digest))).toEqual(digest);
  });

  it('asks the API only once a kind is chosen, with only the filters that are set', () => {
    expect(matrixQueryOf(EMPTY_MATRIX_FILTER)).toBeUndefined();
    expect(matrixQueryOf({ ...EMPTY_MATRIX_FILTER, kind: 'Kustomization' })).toEqual({ kind: 'Kustomization' });
    expect(matrixQueryOf({ kind: 'HelmRelease', name: 'podinfo', revision: '', flux_version: '2.5' })).toEqual({ kind: 'HelmRelease', name: 'podinfo', flux_version: '2.5' });
  });

  it('a clicked revision or version filters, a second click clears it', () => {
    const base = { ...EMPTY_MATRIX_FILTER, kind: 'HelmRelease' };
    const on = toggleMatrixValue(base, 'revision', '6.5.3');
    expect(on.revision).toBe('6.5.3');
    expect(toggleMatrixValue(on, 'revision', '6.5.3').revision).toBe('');
    expect(toggleMatrixValue(on, 'revision', '6.6.0').revision).toBe('6.6.0');
    expect(toggleMatrixValue(on, 'flux_version', 'v2.7.1')).toMatchObject({ revision: '6.5.3', flux_version: 'v2.7.1' });
  });
});

describe('matrix rows: present, missing or unknown', () => {
  const object = { name: 'podinfo', namespace: 'apps', revision: '6.5.3', status: 'ready' as const, reason: '', message: '', stale: false, status_since: '2026-01-01T00:00:00Z', suspended: false };

  it('calls a row without the object missing only when its cluster can be read', () => {
    expect(presenceOf({ objects: [], connection: 'healthy' })).toBe('missing');
    expect(presenceOf({ objects: [], connection: 'degraded' })).toBe('missing');
    // Not checked yet: the index lists what it watches, so no object there is still "missing".
    expect(presenceOf({ objects: [], connection: null })).toBe('missing');
    expect(presenceOf({ objects: [], connection: 'unreachable' })).toBe('unknown');
    expect(presenceOf({ objects: [], connection: 'unauthorized' })).toBe('unknown');
    // Its last known objects are shown as they are (marked stale).
    expect(presenceOf({ objects: [{ ...object, stale: true }], connection: 'unreachable' })).toBe('present');
  });

  it('does not count an unreachable cluster as missing', () => {
    const rows = [
      { objects: [object], connection: 'healthy' },
      { objects: [], connection: 'healthy' },
      { objects: [], connection: 'unreachable' },
    ];
    expect(countPresence(rows)).toEqual({ present: 1, missing: 1, unknown: 1 });
  });
});
