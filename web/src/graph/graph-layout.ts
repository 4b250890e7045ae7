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

export const DEFAULT_LAYOUT: LayoutOptions = { nodeWidth: 240, nodeHeight: 74, columnGap: 96, rowGap: 16, padding: 16 };

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

/** A place in a column held by an edge that passes through it (so it never runs under a node). */
const VIRTUAL = '\u0001';
const isVirtual = (id: string): boolean => id.startsWith(VIRTUAL);

/**
 * Orders each column so that nodes sit near what they are joined to (a few barycenter sweeps over
 * adjacent columns). `links` join nodes of neighbouring columns only: long edges arrive here cut
 * into one link per column crossed, through virtual places.
 */
function orderLayers(layer: Map<string, number>, links: ReadonlyArray<[string, string]>): string[][] {
  const count = Math.max(-1, ...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: count }, () => []);
  // A stable start: by id (Kind/namespace/name), so the same graph always looks the same.
  for (const id of [...layer.keys()].sort()) layers[layer.get(id)!]!.push(id);
  const neighbours = new Map<string, string[]>();
  for (const [a, b] of links) {
    neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
    neighbours.set(b, [...(neighbours.get(b) ?? []), a]);
  }
  const position = new Map<string, number>();
  layers.forEach((ids) => ids.forEach((id, index) => position.set(id, ids.length > 1 ? index / (ids.length - 1) : 0.5)));
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

/** Height of a virtual place: a line's width and some air. */
const VIRTUAL_HEIGHT = 14;

export function layoutGraph(input: LayoutInput, options: LayoutOptions = DEFAULT_LAYOUT): GraphLayout {
  const { nodeWidth: w, nodeHeight: h, columnGap, rowGap, padding } = options;
  const layer = layersOf(input);
  // Edges crossing columns get a virtual place in each column between their ends.
  const links: Array<[string, string]> = [];
  const through = new Map<number, string[]>();
  input.edges.forEach((edge, index) => {
    const from = layer.get(edge.from);
    const to = layer.get(edge.to);
    if (from === undefined || to === undefined || edge.from === edge.to) return;
    if (from <= to + 1) {
      links.push([edge.from, edge.to]);
      return;
    }
    const chain = [edge.from];
    const places: string[] = [];
    for (let column = from - 1; column > to; column -= 1) {
      const id = `${VIRTUAL}${index}@${column}`;
      layer.set(id, column);
      places.push(id);
      chain.push(id);
    }
    chain.push(edge.to);
    for (let i = 0; i + 1 < chain.length; i += 1) links.push([chain[i]!, chain[i + 1]!]);
    through.set(index, places);
  });
  const ordered = orderLayers(layer, links);

  const heightOf = (id: string) => (isVirtual(id) ? VIRTUAL_HEIGHT : h);
  const columnHeight = (ids: string[]) => ids.reduce((sum, id) => sum + heightOf(id), 0) + Math.max(0, ids.length - 1) * rowGap;
  const innerHeight = Math.max(0, ...ordered.map(columnHeight));
  const places = new Map<string, PlacedNode>();
  ordered.forEach((ids, index) => {
    // Short columns are centred against the tallest.
    let y = padding + (innerHeight - columnHeight(ids)) / 2;
    ids.forEach((id, order) => {
      places.set(id, { id, layer: index, order, x: padding + index * (w + columnGap), y });
      y += heightOf(id) + rowGap;
    });
  });
  const nodes = new Map([...places].filter(([id]) => !isVirtual(id)));
  // Rows count real nodes only (virtual places are not drawn).
  const layers = ordered.map((ids) => ids.filter((id) => !isVirtual(id)));
  layers.forEach((ids) => ids.forEach((id, order) => (nodes.get(id)!.order = order)));

  const curve = (sx: number, sy: number, ex: number, ey: number) => {
    const bend = Math.max(24, (sx - ex) / 2);
    return `C${sx - bend},${sy} ${ex + bend},${ey} ${ex},${ey}`;
  };
  const edges: PlacedEdge[] = [];
  input.edges.forEach((edge, index) => {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (!from || !to) return;
    if (from.layer > to.layer) {
      // Right to left: out of the user's left side, across each column in between at its own
      // place, into the right side of what it uses.
      let x = from.x;
      let y = from.y + h / 2;
      let path = `M${x},${y}`;
      let label: [number, number] | undefined;
      for (const id of through.get(index) ?? []) {
        const place = places.get(id)!;
        const py = place.y + VIRTUAL_HEIGHT / 2;
        path += ` ${curve(x, y, place.x + w, py)} L${place.x},${py}`;
        label ??= [(x + place.x + w) / 2, (y + py) / 2];
        x = place.x;
        y = py;
      }
      const ex = to.x + w;
      const ey = to.y + h / 2;
      path += ` ${curve(x, y, ex, ey)}`;
      label ??= [(x + ex) / 2, (y + ey) / 2];
      edges.push({ ...edge, path, labelX: label[0], labelY: label[1], backward: false });
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
  });

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
