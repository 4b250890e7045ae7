import { describe, expect, it } from 'vitest';
import { bulkItemsOfResult, toBulkItem, type BulkActionPlan } from '../api/bulk-actions.js';
import { EMPTY_FILTER, type ResourceItem } from '../api/resources.js';
import { resourceItem } from '../api/test-fixtures.js';
import { comparePlan, finishedText, planEntries, resultKindOf, resultNote, selectorOfFilter, selectorOfItems, stepsOf, unplannedResults } from './bulk-selection.js';

function item(cluster: string, kind: string, namespace: string, name: string): ResourceItem {
  return resourceItem({ id: `${cluster}/${kind}/${namespace}/${name}`, cluster_id: cluster, cluster: `name-${cluster}`, kind, api_version: 'v1', namespace, name });
}

function plan(objects: Array<[string, string, string, string, number]>): BulkActionPlan {
  const clusters = new Map<string, BulkActionPlan['clusters'][number]>();
  for (const [cluster, kind, namespace, name, step] of objects) {
    const entry = clusters.get(cluster) ?? { cluster_id: cluster, cluster: `name-${cluster}`, objects: [] };
    entry.objects.push({ kind, namespace, name, status: 'ready', step });
    clusters.set(cluster, entry);
  }
  return { dry_run: true, action: 'reconcile', total: objects.length, clusters: [...clusters.values()], skipped_kinds: [] };
}

describe('bulk actions from a selection or a filter', () => {
  it('sends exactly the picked rows, each once', () => {
    const rows = [item('c1', 'Kustomization', 'apps', 'a'), item('c2', 'HelmRelease', 'apps', 'b'), item('c1', 'Kustomization', 'apps', 'a')];
    expect(selectorOfItems(rows)).toEqual({
      objects: [
        { cluster: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'a' },
        { cluster: 'c2', kind: 'HelmRelease', namespace: 'apps', name: 'b' },
      ],
    });
    expect(selectorOfItems([])).toBeUndefined();
    const many = Array.from({ length: 1001 }, (_, n) => item('c1', 'Kustomization', 'apps', `app-${n}`));
    expect(selectorOfItems(many)).toBeUndefined();
  });

  it('runs picked rows as one job only when the plan is exactly them', () => {
    const rows = [item('c1', 'Kustomization', 'apps', 'a'), item('c2', 'Kustomization', 'apps', 'b')];
    expect(comparePlan(plan([['c1', 'Kustomization', 'apps', 'a', 0], ['c2', 'Kustomization', 'apps', 'b', 0]]), rows, 'reconcile')).toMatchObject({ exact: true, extra: [], absent: [] });
    // The selector is clusters × names: it also matches "b" in c1.
    const wider = comparePlan(plan([['c1', 'Kustomization', 'apps', 'a', 0], ['c1', 'Kustomization', 'apps', 'b', 1], ['c2', 'Kustomization', 'apps', 'b', 0]]), rows, 'reconcile');
    expect(wider.exact).toBe(false);
    expect(wider.extra.map((entry) => entry.key)).toEqual(['c1/Kustomization/apps/b']);
    // One picked row is not planned (e.g. out of the caller's scope).
    const narrower = comparePlan(plan([['c1', 'Kustomization', 'apps', 'a', 0]]), rows, 'reconcile');
    expect(narrower).toMatchObject({ exact: false, extra: [] });
    expect(narrower.absent.map((row) => row.id)).toEqual(['c2/Kustomization/apps/b']);
  });

  it('leaves out picked rows whose kind lacks the action, without calling the plan inexact', () => {
    const rows = [item('c1', 'Kustomization', 'apps', 'a'), item('c1', 'ExternalArtifact', 'apps', 'x')];
    const compared = comparePlan(plan([['c1', 'Kustomization', 'apps', 'a', 0]]), rows, 'suspend');
    expect(compared.exact).toBe(true);
    expect(compared.unsupported.map((row) => row.kind)).toEqual(['ExternalArtifact']);
  });

  it('turns a list filter into a selector, and refuses text searches and no filter at all', () => {
    expect(selectorOfFilter({ ...EMPTY_FILTER, cluster: ['c1'], kind: ['HelmRelease'], status: ['failed'], cluster_selector: ' env=prod ' })).toEqual({ selector: { clusters: ['c1'], cluster_selector: 'env=prod', kinds: ['HelmRelease'], status: ['failed'] } });
    expect(selectorOfFilter({ ...EMPTY_FILTER, namespace: ['apps'], q: 'podinfo' })).toMatchObject({ reason: expect.stringMatching(/text search/) });
    expect(selectorOfFilter(EMPTY_FILTER)).toMatchObject({ reason: expect.stringMatching(/whole fleet/) });
    // Sorting is not a filter.
    expect(selectorOfFilter({ ...EMPTY_FILTER, sort: 'name', order: 'desc' })).toHaveProperty('reason');
  });

  it('lists a plan by cluster and step, and finds results the preview did not show', () => {
    const shown = plan([['c1', 'GitRepository', 'flux-system', 'repo', 0], ['c1', 'Kustomization', 'apps', 'a', 1], ['c2', 'Kustomization', 'apps', 'a', 0]]);
    expect(planEntries(shown).map((entry) => entry.key)).toEqual(['c1/GitRepository/flux-system/repo', 'c1/Kustomization/apps/a', 'c2/Kustomization/apps/a']);
    expect(stepsOf(shown.clusters[0]!.objects).map((step) => step.map((object) => object.name))).toEqual([['repo'], ['a']]);
    const results = [
      { cluster_id: 'c1', cluster: 'name-c1', kind: 'Kustomization', namespace: 'apps', name: 'a', step: 1, outcome: 'ready' as const, error: null, reason: null, message: null, requested_at: null, finished_at: '' },
      { cluster_id: 'c2', cluster: 'name-c2', kind: 'Kustomization', namespace: 'apps', name: 'new', step: 0, outcome: 'error' as const, error: 'gone', reason: null, message: null, requested_at: null, finished_at: '' },
    ];
    expect(unplannedResults(shown, results).map((result) => result.name)).toEqual(['new']);
  });

  it('reads per-object results from a job’s untyped result, skipping what is not one', () => {
    const good = { cluster_id: 'c1', cluster: 'one', kind: 'Kustomization', namespace: 'apps', name: 'a', step: 0, outcome: 'timeout', error: null, reason: 'Progressing', message: 'Reconciliation in progress', requested_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:01:00Z' };
    expect(toBulkItem(good)).toEqual(good);
    expect(toBulkItem({ ...good, outcome: 'exploded' })).toBeUndefined();
    expect(toBulkItem('nope')).toBeUndefined();
    expect(bulkItemsOfResult({ action: 'reconcile', items: [good, { junk: true }] })).toEqual([good]);
    expect(bulkItemsOfResult(null)).toEqual([]);
  });
});

describe('bulk results counted by outcome', () => {
  it('counts a handled object that fails as failed, not done', () => {
    expect(finishedText(['failed', 'failed', 'failed'])).toBe('Finished: 0 succeeded, 3 failed.');
    expect(finishedText(['ready', 'done', 'requested', 'error'])).toBe('Finished: 3 succeeded, 1 failed.');
    expect(finishedText(['ready', 'timeout'], 2)).toBe('Finished: 1 succeeded, 0 failed, 1 timed out, 2 skipped.');
    expect(resultKindOf('timeout')).toBe('timed_out');
  });

  it('says what a row’s outcome means: the error when there is one', () => {
    expect(resultNote({ outcome: 'error', error: 'cluster unreachable: connection refused' }, 60)).toBe('cluster unreachable: connection refused');
    expect(resultNote({ outcome: 'failed', error: null }, 60)).toBe('The controller handled it, and the object fails: see its page for why.');
    expect(resultNote({ outcome: 'failed', error: null, reason: 'HealthCheckFailed', message: 'Deployment apps/web not ready' }, 60)).toBe(
      'The controller handled it, and the object fails: HealthCheckFailed: Deployment apps/web not ready',
    );
    expect(resultNote({ outcome: 'timeout', error: null }, 60)).toBe('Not handled within 60 s; it may still be.');
    expect(resultNote({ outcome: 'ready', error: null }, 60)).toBeUndefined();
  });
});
