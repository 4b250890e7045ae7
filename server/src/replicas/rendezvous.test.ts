import { describe, expect, it } from 'vitest';
import { rendezvousOwner } from './rendezvous.js';

const clusters = Array.from({ length: 3000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
const ownersOf = (replicas: string[]): Map<string, string> => new Map(clusters.map((id) => [id, rendezvousOwner(id, replicas)!]));

describe('rendezvous ownership', () => {
  it('gives each replica about a third of the clusters, the same whatever the order of the list', () => {
    const owners = ownersOf(['web-0-aa', 'web-1-bb', 'web-2-cc']);
    const shares = new Map<string, number>();
    for (const owner of owners.values()) shares.set(owner, (shares.get(owner) ?? 0) + 1);
    expect([...shares.keys()].sort()).toEqual(['web-0-aa', 'web-1-bb', 'web-2-cc']);
    for (const share of shares.values()) expect(Math.abs(share - 1000)).toBeLessThan(150);
    expect(ownersOf(['web-2-cc', 'web-0-aa', 'web-1-bb'])).toEqual(owners);
  });

  it('moves only the joining replica\'s share when one joins, and only the leaving one\'s when it leaves', () => {
    const three = ownersOf(['web-0-aa', 'web-1-bb', 'web-2-cc']);
    const four = ownersOf(['web-0-aa', 'web-1-bb', 'web-2-cc', 'web-3-dd']);
    for (const id of clusters) if (four.get(id) !== three.get(id)) expect(four.get(id)).toBe('web-3-dd');
    const moved = clusters.filter((id) => four.get(id) !== three.get(id)).length;
    expect(Math.abs(moved - 750)).toBeLessThan(150);
    const two = ownersOf(['web-0-aa', 'web-2-cc']);
    for (const id of clusters) if (three.get(id) !== 'web-1-bb') expect(two.get(id)).toBe(three.get(id));
  });

  it('has no owner without replicas', () => {
    expect(rendezvousOwner(clusters[0]!, [])).toBeUndefined();
  });
});
