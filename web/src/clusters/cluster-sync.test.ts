import { describe, expect, it } from 'vitest';
import { syncProblemTitle } from './cluster-sync.js';

describe('the sync problem’s title', () => {
  it('is a sentence for every state', () => {
    expect(syncProblemTitle('error')).toBe('Why the sync failed');
    expect(syncProblemTitle('degraded')).toBe('Why the sync is degraded');
    expect(syncProblemTitle('stopped')).toBe('Why the sync stopped');
    expect(syncProblemTitle('syncing')).toBe('What the sync last ran into');
  });
});
