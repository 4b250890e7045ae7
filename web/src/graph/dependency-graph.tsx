import { useEffect, useId, useMemo, useRef, type CSSProperties } from 'react';
import { Link } from 'wouter';
import type { DependencyGraph, GraphEdge, GraphNode, GraphNodeStatus } from '../api/graph.js';
import { resourcePath } from '../api/resources.js';
import { EmptyState } from '../components/feedback.js';
import { StatusBadge, fluxBadge, type BadgeStatus } from '../components/status-badge.js';
import { DEFAULT_LAYOUT, layoutGraph } from './graph-layout.js';

const EDGE_LABEL: Record<GraphEdge['type'], string> = { source: 'source', chart: 'chart', depends_on: 'depends on' };

export const nodeBadge = (status: GraphNodeStatus): BadgeStatus => (status === 'missing' ? 'missing' : fluxBadge(status));

const nodeName = (node: Pick<GraphNode, 'kind' | 'namespace' | 'name'>) => `${node.kind} ${node.namespace}/${node.name}`;

/**
 * A dependency graph drawn in columns by depth: what is used on the left, what uses it on the
 * right, edges labelled with how (source, chart, depends on). Every node links to its object's
 * page; `missing` nodes (referenced, not in the cluster) are marked as the likely failure. The
 * same edges are listed as a table for screen readers and small screens.
 */
export function DependencyGraphView({ graph, label }: { graph: DependencyGraph; label: string }) {
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  const markerId = `${useId().replace(/:/g, '')}-arrow`;
  const byId = useMemo(() => new Map(graph.nodes.map((node) => [node.id, node])), [graph.nodes]);
  const missing = graph.nodes.filter((node) => node.status === 'missing');
  const { nodeWidth, nodeHeight } = DEFAULT_LAYOUT;
  const canvas = useRef<HTMLDivElement>(null);
  // The object asked about in view first (a phone shows one column at a time).
  const rootPlace = graph.root ? layout.nodes.get(graph.root) : undefined;
  useEffect(() => {
    const element = canvas.current;
    if (!element || !rootPlace) return;
    element.scrollLeft = rootPlace.x + nodeWidth / 2 - element.clientWidth / 2;
    element.scrollTop = rootPlace.y + nodeHeight / 2 - element.clientHeight / 2;
  }, [graph.root, rootPlace?.x, rootPlace?.y, nodeWidth, nodeHeight]);

  if (graph.nodes.length === 0) {
    return <EmptyState title="Nothing to draw">No Flux object matches, so there are no dependencies to show. Widen the filter above, or pick another object.</EmptyState>;
  }

  return (
    <div className="graph">
      {missing.length > 0 && (
        <div className="alert" data-tone="err" role="status" aria-label="Missing objects">
          <div className="alert-body">
            <span className="alert-title">
              {missing.length === 1 ? 'One referenced object does not exist' : `${missing.length} referenced objects do not exist`}: likely the failure
            </span>
            <span>
              {missing.map(nodeName).join(', ')}. Create {missing.length === 1 ? 'it' : 'them'} (or fix the reference in what uses {missing.length === 1 ? 'it' : 'them'}): what depends on a missing object waits for it.
            </span>
          </div>
        </div>
      )}
      {graph.truncated && (
        <div className="alert" data-tone="warn" role="status">
          <div className="alert-body">
            <span className="alert-title">Only part of the graph is drawn</span>
            <span>It reached the node limit. Narrow it (a namespace, a kind, failing objects only) to see all of a part.</span>
          </div>
        </div>
      )}
      <GraphLegend />
      <div className="graph-canvas" ref={canvas} role="group" aria-label={label} tabIndex={0}>
        <div className="graph-plane" style={{ width: layout.width, height: layout.height }}>
          <svg className="graph-edges" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
            <defs>
              <marker id={markerId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" className="graph-arrow" />
              </marker>
            </defs>
            {layout.edges.map((edge) => (
              <g key={`${edge.from}>${edge.to}>${edge.type}`} className="graph-edge" data-type={edge.type} data-backward={edge.backward || undefined} data-to-missing={byId.get(edge.to)?.status === 'missing' || undefined}>
                <path d={edge.path} markerEnd={`url(#${markerId})`} />
                <text x={edge.labelX} y={edge.labelY - 4} textAnchor="middle">
                  {EDGE_LABEL[edge.type as GraphEdge['type']] ?? edge.type}
                </text>
              </g>
            ))}
          </svg>
          {layout.layers.flat().map((id) => {
            const node = byId.get(id);
            const place = layout.nodes.get(id);
            if (!node || !place) return null;
            const style: CSSProperties = { left: place.x, top: place.y, width: nodeWidth, height: nodeHeight };
            const isRoot = graph.root === node.id;
            const statusWords = node.status === 'missing' ? 'missing from the cluster' : node.status;
            return (
              <Link
                key={id}
                href={resourcePath({ clusterId: graph.cluster_id, kind: node.kind, namespace: node.namespace, name: node.name })}
                className="graph-node"
                style={style}
                data-node={node.id}
                data-status={node.status}
                data-root={isRoot || undefined}
                aria-label={`${nodeName(node)}: ${statusWords}${isRoot ? ' (this object)' : ''}${node.reason && node.status !== 'ready' ? `, ${node.reason}` : ''}`}
                title={node.message || (node.status === 'missing' ? 'Referenced, but the cluster does not have it' : undefined)}
              >
                <span className="graph-node-head">
                  <span className="graph-kind">{node.kind}</span>
                  <StatusBadge status={nodeBadge(node.status)} />
                </span>
                <span className="graph-name">{node.name}</span>
                <span className="graph-sub">
                  {node.namespace}
                  {node.status === 'missing' ? ' · not in the cluster' : node.reason && node.status !== 'ready' ? ` · ${node.reason}` : ''}
                </span>
              </Link>
            );
          })}
        </div>
      </div>
      <details className="graph-edge-list">
        <summary>Dependencies as a list ({graph.edges.length})</summary>
        {graph.edges.length === 0 ? (
          <p className="muted small">No dependencies: the objects shown use nothing and nothing uses them.</p>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label="Dependencies">
              <thead>
                <tr>
                  <th scope="col">Object</th>
                  <th scope="col">Uses</th>
                  <th scope="col">As</th>
                </tr>
              </thead>
              <tbody>
                {graph.edges.map((edge) => {
                  const to = byId.get(edge.to);
                  return (
                    <tr key={`${edge.from}>${edge.to}>${edge.type}`}>
                      <td className="mono">{edge.from}</td>
                      <td className="mono">
                        {edge.to} {to && to.status !== 'ready' && <StatusBadge status={nodeBadge(to.status)} />}
                      </td>
                      <td>{EDGE_LABEL[edge.type]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </div>
  );
}

function GraphLegend() {
  return (
    <div className="graph-legend muted small" aria-hidden="true">
      <span>Left: what is used; right: what uses it.</span>
      <span className="graph-legend-edge" data-type="source">
        source
      </span>
      <span className="graph-legend-edge" data-type="chart">
        chart
      </span>
      <span className="graph-legend-edge" data-type="depends_on">
        depends on
      </span>
      <span className="graph-legend-missing">missing: referenced, not in the cluster</span>
    </div>
  );
}
