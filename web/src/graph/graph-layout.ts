/**
 * A layered layout of a dependency graph, small enough to own: each node's column is its
 * dependency depth (what uses nothing in the graph in column 0, sources typically; then each
 * object one column right of the deepest thing it uses), rows within a column ordered to keep
 * edges short (barycenter sweeps), then plain coordinates and curved edge paths for SVG.
 *
 * Edges go `from` (the user) `to` (what it uses), so they run right to left. A `dependsOn` cycle
 * (a misconfiguration Flux reports too) does not hang the layout: the edge closing it is drawn
 * as a `backward` edge.
 */

export interface LayoutInput {
  nodes: ReadonlyArray<{ id: string }>;
  edges: ReadonlyArray<{ from: string; to: string; type: string }>;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal space between columns (edge labels sit there). */
  columnGap: number;
  rowGap: number;
  padding: number;
}

export interface PlacedNode {
  id: string;
  layer: number;
  order: number;
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  type: string;
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
  /** Not right-to-left: the edge closes a cycle or joins nodes of one column. */
  backward: boolean;
}

export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  /** Node ids per column, top to bottom. */
  layers: string[][];
  width: number;
  height: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 224, nodeHeight: 66, columnGap: 96, rowGap: 16, padding: 16 };

/** Column per node: 0 for what uses nothing in the graph, else one more than the deepest thing it uses. */
export function layersOf(input: LayoutInput): Map<string, number> {
  const ids = new Set(input.nodes.map((node) => node.id));
  const uses = new Map<string, string[]>();
  for (const edge of input.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to) || edge.from === edge.to) continue;
    uses.set(edge.from, [...(uses.get(edge.from) ?? []), edge.to]);
  }
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  // Iterative depth-first search: a 500-node chain must not exhaust the call stack.
  for (const { id: start } of input.nodes) {
    if (layer.has(start)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    visiting.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = uses.get(top.id) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++]!;
        // Done already, or on the current path (a cycle: that edge does not constrain).
        if (layer.has(target) || visiting.has(target)) continue;
        visiting.add(target);
        stack.push({ id: target, next: 0 });
        continue;
      }
      let depth = 0;
      for (const target of targets) {
        const below = layer.get(target);
        if (below !== undefined) depth = Math.max(depth, below + 1);
      }
      layer.set(top.id, depth);
      visiting.delete(top.id);
      stack.pop();
    }
  }
  return layer;
}

/** Orders each column so that nodes sit near what they are joined to (a few barycenter sweeps). */
function orderLayers(input: LayoutInput, layer: Map<string, number>): string[][] {
  const count = Math.max(-1, ...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: count }, () => []);
  // A stable start: by id (Kind/namespace/name), so the same graph always looks the same.
  for (const id of [...layer.keys()].sort()) layers[layer.get(id)!]!.push(id);
  const neighbours = new Map<string, string[]>();
  for (const edge of input.edges) {
    if (!layer.has(edge.from) || !layer.has(edge.to) || edge.from === edge.to) continue;
    neighbours.set(edge.from, [...(neighbours.get(edge.from) ?? []), edge.to]);
    neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), edge.from]);
  }
  const position = new Map<string, number>();
  const remember = () => layers.forEach((ids) => ids.forEach((id, index) => position.set(id, ids.length > 1 ? index / (ids.length - 1) : 0.5)));
  remember();
  const sweep = (indexes: number[], side: (own: number, other: number) => boolean) => {
    for (const index of indexes) {
      const ids = layers[index]!;
      const weight = new Map<string, number>();
      for (const id of ids) {
        const joined = (neighbours.get(id) ?? []).filter((other) => side(index, layer.get(other)!));
        weight.set(id, joined.length > 0 ? joined.reduce((sum, other) => sum + position.get(other)!, 0) / joined.length : position.get(id)!);
      }
      ids.sort((a, b) => weight.get(a)! - weight.get(b)! || a.localeCompare(b));
      ids.forEach((id, at) => position.set(id, ids.length > 1 ? at / (ids.length - 1) : 0.5));
    }
  };
  const up = layers.map((_, index) => index);
  for (let round = 0; round < 4; round += 1) {
    sweep(up.slice(1), (own, other) => other < own);
    sweep(up.slice(0, -1).reverse(), (own, other) => other > own);
  }
  return layers;
}

export function layoutGraph(input: LayoutInput, options: LayoutOptions = DEFAULT_LAYOUT): GraphLayout {
  const { nodeWidth: w, nodeHeight: h, columnGap, rowGap, padding } = options;
  const layer = layersOf(input);
  const layers = orderLayers(input, layer);
  const tallest = Math.max(0, ...layers.map((ids) => ids.length));
  const columnHeight = (count: number) => (count > 0 ? count * h + (count - 1) * rowGap : 0);
  const innerHeight = columnHeight(tallest);
  const nodes = new Map<string, PlacedNode>();
  layers.forEach((ids, index) => {
    // Short columns are centred against the tallest.
    const top = padding + (innerHeight - columnHeight(ids.length)) / 2;
    ids.forEach((id, order) => nodes.set(id, { id, layer: index, order, x: padding + index * (w + columnGap), y: top + order * (h + rowGap) }));
  });

  const edges: PlacedEdge[] = [];
  for (const edge of input.edges) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (!from || !to) continue;
    if (from.layer > to.layer) {
      // The usual case: from the user's left side to the right side of what it uses.
      const sx = from.x;
      const sy = from.y + h / 2;
      const ex = to.x + w;
      const ey = to.y + h / 2;
      const bend = Math.max(24, (sx - ex) / 2);
      edges.push({ ...edge, path: `M${sx},${sy} C${sx - bend},${sy} ${ex + bend},${ey} ${ex},${ey}`, labelX: (sx + ex) / 2, labelY: (sy + ey) / 2, backward: false });
    } else {
      // A cycle or same column: out of the right side of both, bowing to the right.
      const sx = from.x + w;
      const sy = from.y + h / 2;
      const ex = to.x + w;
      const ey = to.y + h / 2;
      const bow = 40 + Math.abs(sy - ey) / 4;
      const right = Math.max(sx, ex) + bow;
      edges.push({ ...edge, path: `M${sx},${sy} C${right},${sy} ${right},${ey} ${ex},${ey}`, labelX: Math.max(sx, ex) + bow * 0.75, labelY: (sy + ey) / 2, backward: true });
    }
  }

  const width = layers.length > 0 ? padding * 2 + layers.length * w + (layers.length - 1) * columnGap + (edges.some((edge) => edge.backward) ? 80 : 0) : 0;
  const height = layers.length > 0 ? padding * 2 + innerHeight : 0;
  return { nodes, edges, layers, width, height };
}

/** How many pairs of edges between adjacent columns cross (to test that ordering helps). */
export function crossings(layout: GraphLayout): number {
  const spans = layout.edges
    .filter((edge) => !edge.backward)
    .map((edge) => ({ from: layout.nodes.get(edge.from)!, to: layout.nodes.get(edge.to)! }))
    .filter((span) => span.from.layer === span.to.layer + 1);
  let count = 0;
  for (let i = 0; i < spans.length; i += 1) {
    for (let j = i + 1; j < spans.length; j += 1) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.from.layer !== b.from.layer) continue;
      if ((a.from.order - b.from.order) * (a.to.order - b.to.order) < 0) count += 1;
    }
  }
  return count;
}
