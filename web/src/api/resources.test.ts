import { describe, expect, it } from 'vitest';
import { withCurrentTransition, type ResourceDetail } from './resources.js';
import { resourceItem } from './test-fixtures.js';

const failedToProgressing = { from_status: 'failed', to_status: 'progressing', reason: 'Progressing', message: 'reconciliation in progress', at: '2026-01-01T00:00:01.000Z' };

function detail(status: ResourceDetail['resource']['status'], transitions: ResourceDetail['transitions']): ResourceDetail {
  return {
    resource: resourceItem({ status, reason: 'InstallFailed', message: 'chart not found', updated_at: '2026-01-01T00:00:05.000Z' }),
    live: true,
    unavailable_reason: null,
    object: null,
    yaml: null,
    conditions: [],
    events: [],
    transitions,
    source: null,
    depends_on: [],
    dependents: [],
  };
}

describe('withCurrentTransition', () => {
  it('leaves a detail whose newest status change ends in its status as it is', () => {
    const fresh = detail('progressing', [failedToProgressing]);
    expect(withCurrentTransition(fresh)).toBe(fresh);
    // Never changed since first seen: nothing to add.
    const quiet = detail('ready', []);
    expect(withCurrentTransition(quiet)).toBe(quiet);
  });

  it('adds the change the server has not written yet, from the newest one it has, with the item’s reason and time', () => {
    const read = withCurrentTransition(detail('failed', [failedToProgressing]));
    expect(read.transitions).toEqual([
      { from_status: 'progressing', to_status: 'failed', reason: 'InstallFailed', message: 'chart not found', at: '2026-01-01T00:00:05.000Z' },
      failedToProgressing,
    ]);
  });

  it('keeps the change shown before over a read that does not have it yet, and drops it once the server has it', () => {
    const shown = withCurrentTransition(detail('failed', [failedToProgressing]));
    const stale = withCurrentTransition(detail('failed', [failedToProgressing]), shown);
    expect(stale.transitions[0]).toBe(shown.transitions[0]);
    expect(stale.transitions).toHaveLength(2);
    const written = { from_status: 'progressing', to_status: 'failed', reason: 'InstallFailed', message: 'chart not found', at: '2026-01-01T00:00:05.000Z' };
    expect(withCurrentTransition(detail('failed', [written, failedToProgressing]), shown).transitions).toEqual([written, failedToProgressing]);
  });

  it('makes the first change of an object from the status shown before', () => {
    const before = detail('ready', []);
    expect(withCurrentTransition(detail('failed', []), before).transitions.map((t) => `${t.from_status}→${t.to_status}`)).toEqual(['ready→failed']);
  });
});
