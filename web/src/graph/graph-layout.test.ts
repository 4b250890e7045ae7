import { describe, expect, it } from 'vitest';
import { crossings, DEFAULT_LAYOUT, drawnEdges, LABEL_SPACING, layersOf, layoutGraph, type LayoutInput } from './graph-layout.js';

const graph = (edges: Array<[string, string, string?]>, extra: string[] = []): LayoutInput => {
  const ids = new Set(extra);
  for (const [from, to] of edges) ids.add(from).add(to);
  return { nodes: [...ids].map((id) => ({ id })), edges: edges.map(([from, to, type]) => ({ from, to, type: type ?? 'depends_on' })) };
};

describe('layered layout of a dependency graph', () => {
  it('puts what uses nothing in column 0 and each object right of the deepest thing it uses', () => {
    // app uses infra and its repo; infra uses the repo; the repo uses nothing.
    const layers = layersOf(graph([
      ['ks/app', 'ks/infra'],
      ['ks/app', 'git/repo', 'source'],
      ['ks/infra', 'git/repo', 'source'],
    ], ['ks/alone']));
    expect(Object.fromEntries(layers)).toEqual({ 'git/repo': 0, 'ks/infra': 1, 'ks/app': 2, 'ks/alone': 0 });
  });

  it('a missing dependency (no edges out) sits in column 0 with the sources', () => {
    const layers = layersOf(graph([
      ['ks/app', 'ks/missing'],
      ['ks/app', 'git/repo', 'source'],
    ]));
    expect(layers.get('ks/missing')).toBe(0);
    expect(layers.get('ks/app')).toBe(1);
  });

  it('survives a dependsOn cycle: every node placed, the closing edge drawn as backward', () => {
    const input = graph([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    const layout = layoutGraph(input);
    expect(layout.nodes.size).toBe(3);
    expect(layout.edges.filter((edge) => edge.backward)).toHaveLength(1);
    expect(layout.edges.filter((edge) => !edge.backward)).toHaveLength(2);
  });

  it('handles a 600-node chain without exhausting the stack', () => {
    const edges: Array<[string, string]> = Array.from({ length: 599 }, (_, i) => [`n${i + 1}`, `n${i}`]);
    const layers = layersOf(graph(edges));
    expect(layers.get('n599')).toBe(599);
  });

  it('orders rows so that edges between columns do not cross when they need not', () => {
    // Two independent chains given in an order that crosses if rows are kept alphabetical.
    const input = graph([
      ['a-top', 'z-bottom-source'],
      ['b-bottom', 'y-top-source'],
    ]);
    const layout = layoutGraph(input);
    expect(crossings(layout)).toBe(0);
  });

  it('gives nodes non-overlapping boxes within the drawing, and is the same for the same input', () => {
    const input = graph([
      ['hr/a', 'hc/a', 'chart'],
      ['hc/a', 'repo/x', 'source'],
      ['hr/b', 'hc/b', 'chart'],
      ['hc/b', 'repo/x', 'source'],
      ['ks/top', 'hr/a'],
      ['ks/top', 'hr/b'],
    ]);
    const layout = layoutGraph(input);
    const { nodeWidth: w, nodeHeight: h } = DEFAULT_LAYOUT;
    const boxes = [...layout.nodes.values()];
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + w).toBeLessThanOrEqual(layout.width);
      expect(box.y + h).toBeLessThanOrEqual(layout.height);
    }
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const apart = a.x + w <= b.x || b.x + w <= a.x || a.y + h <= b.y || b.y + h <= a.y;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
    expect(layoutGraph(input)).toEqual(layout);
    // Edges keep their type, for the labels.
    expect(layout.edges.map((edge) => edge.type).sort()).toEqual(['chart', 'chart', 'depends_on', 'depends_on', 'source', 'source']);
  });

  it('ignores edges to nodes that are not in the graph, and draws nothing for an empty graph', () => {
    const layout = layoutGraph({ nodes: [{ id: 'a' }], edges: [{ from: 'a', to: 'gone', type: 'source' }] });
    expect(layout.edges).toEqual([]);
    expect(layout.nodes.get('a')?.layer).toBe(0);
    expect(layoutGraph({ nodes: [], edges: [] })).toMatchObject({ width: 0, height: 0, layers: [] });
  });
});

describe('edges that cross columns', () => {
  it('pass through a place of their own in each column between, never under a node', () => {
    // app uses infra (one column) and the repo (two columns away, past infra's column).
    const input = graph([
      ['ks/app', 'ks/infra'],
      ['ks/infra', 'git/repo', 'source'],
      ['ks/app', 'git/repo', 'source'],
    ]);
    const layout = layoutGraph(input);
    const { nodeWidth: w, nodeHeight: h } = DEFAULT_LAYOUT;
    const long = layout.edges.find((edge) => edge.from === 'ks/app' && edge.to === 'git/repo')!;
    // Its straight run across the middle column is at a height no node of that column covers.
    const run = /L([\d.]+),([\d.]+)/.exec(long.path);
    expect(run).not.toBeNull();
    const y = Number(run![2]);
    const infra = layout.nodes.get('ks/infra')!;
    expect(Number(run![1])).toBe(infra.x);
    expect(y < infra.y || y > infra.y + h).toBe(true);
    // The drawing grew to hold that place; only real nodes are listed and placed.
    expect(layout.layers).toEqual([['git/repo'], ['ks/infra'], ['ks/app']]);
    expect(layout.height).toBeGreaterThan(h + 32);
    expect([...layout.nodes.keys()].sort()).toEqual(['git/repo', 'ks/app', 'ks/infra']);
    expect(layout.nodes.get('ks/app')!.x).toBe(2 * (w + DEFAULT_LAYOUT.columnGap) + DEFAULT_LAYOUT.padding);
  });
});

describe('drawnEdges', () => {
  it('turns generates edges round so a generator sits left of what it generated, like a source', () => {
    const edges = drawnEdges([
      { from: 'ResourceSet/flux-system/tenants', to: 'Kustomization/team-a/team-a', type: 'generates' },
      { from: 'Kustomization/team-a/team-a', to: 'GitRepository/team-a/team-a', type: 'source' },
    ]);
    expect(edges).toEqual([
      { from: 'Kustomization/team-a/team-a', to: 'ResourceSet/flux-system/tenants', type: 'generates' },
      { from: 'Kustomization/team-a/team-a', to: 'GitRepository/team-a/team-a', type: 'source' },
    ]);
    const layer = layersOf({ nodes: [{ id: 'ResourceSet/flux-system/tenants' }, { id: 'Kustomization/team-a/team-a' }, { id: 'GitRepository/team-a/team-a' }], edges });
    expect(layer.get('ResourceSet/flux-system/tenants')).toBe(0);
    expect(layer.get('Kustomization/team-a/team-a')).toBe(1);
  });
});

describe('edge labels', () => {
  it('never overlap: labels meeting in one gap are spaced apart, each near its edge', () => {
    // Two edges between the same pair (same midpoint), and long edges passing side by side.
    const input: LayoutInput = {
      nodes: ['K/a', 'K/b', 'K/c', 'K/d', 'G/src', 'H/chart'].map((id) => ({ id })),
      edges: [
        { from: 'K/a', to: 'G/src', type: 'source' },
        { from: 'K/a', to: 'G/src', type: 'input' },
        { from: 'K/b', to: 'K/a', type: 'depends_on' },
        { from: 'K/b', to: 'G/src', type: 'source' },
        { from: 'K/c', to: 'K/b', type: 'depends_on' },
        { from: 'K/c', to: 'G/src', type: 'source' },
        { from: 'K/d', to: 'K/c', type: 'depends_on' },
        { from: 'K/d', to: 'G/src', type: 'source' },
        { from: 'K/d', to: 'H/chart', type: 'chart' },
      ],
    };
    const { edges } = layoutGraph(input);
    for (let i = 0; i < edges.length; i += 1) {
      for (let j = i + 1; j < edges.length; j += 1) {
        const [a, b] = [edges[i]!, edges[j]!];
        if (Math.abs(a.labelX - b.labelX) < 72) expect(Math.abs(a.labelY - b.labelY), `${a.from}>${a.to} ${a.type} and ${b.from}>${b.to} ${b.type}`).toBeGreaterThanOrEqual(LABEL_SPACING - 0.001);
      }
    }
    // The pair's two labels stay centred where the one label would be.
    const pair = edges.filter((edge) => edge.from === 'K/a');
    expect(Math.abs(pair[0]!.labelY - pair[1]!.labelY)).toBeCloseTo(LABEL_SPACING);
  });
});
