import { describe, expect, it } from 'vitest';
import { EMPTY_MATRIX_FILTER, formatMatrixFilter, matrixHref, matrixQueryOf, parseMatrixFilter, toggleMatrixValue } from './matrix-filter.js';

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
