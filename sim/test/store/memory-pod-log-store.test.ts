import { describe, expect, it } from 'vitest';
import { MemoryPodLogStore } from '../../src/store/memory-pod-log-store.js';
import type { LogLine } from '../../src/contracts.js';

describe('MemoryPodLogStore', () => {
  it('keeps a bounded ring per container, oldest first', () => {
    const logs = new MemoryPodLogStore({ linesPerContainer: 3 });
    for (let i = 1; i <= 5; i += 1) logs.append('flux-system', 'kc', 'manager', `line ${i}`);
    logs.append('flux-system', 'kc', 'other', 'elsewhere');
    expect(logs.read('flux-system', 'kc', 'manager').map((line) => line.text)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(logs.read('flux-system', 'kc', 'other').map((line) => line.text)).toEqual(['elsewhere']);
    expect(logs.read('flux-system', 'missing', 'manager')).toEqual([]);
    expect(logs.containers('flux-system', 'kc').sort()).toEqual(['manager', 'other']);
  });

  it('applies sinceSeconds then tailLines', () => {
    const now = new Date('2025-01-01T00:10:00Z');
    const logs = new MemoryPodLogStore({ now: () => now });
    logs.append('ns', 'p', 'c', 'old', new Date('2025-01-01T00:00:00Z'));
    logs.append('ns', 'p', 'c', 'recent-1', new Date('2025-01-01T00:09:30Z'));
    logs.append('ns', 'p', 'c', 'recent-2', new Date('2025-01-01T00:09:50Z'));
    const texts = (options: { tailLines?: number; sinceSeconds?: number }) => logs.read('ns', 'p', 'c', options).map((line) => line.text);
    expect(texts({ sinceSeconds: 60 })).toEqual(['recent-1', 'recent-2']);
    expect(texts({ tailLines: 1 })).toEqual(['recent-2']);
    expect(texts({ tailLines: 0 })).toEqual([]);
    expect(texts({ sinceSeconds: 60, tailLines: 5 })).toEqual(['recent-1', 'recent-2']);
  });

  it('notifies followers until they unsubscribe', () => {
    const logs = new MemoryPodLogStore();
    const followed: LogLine[] = [];
    const unsubscribe = logs.subscribe('ns', 'p', 'c', (line) => followed.push(line));
    logs.append('ns', 'p', 'c', 'one');
    logs.append('ns', 'p', 'other', 'not mine');
    unsubscribe();
    logs.append('ns', 'p', 'c', 'two');
    expect(followed.map((line) => line.text)).toEqual(['one']);
  });
});
