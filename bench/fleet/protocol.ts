/** Messages between fleet-bench.ts and its simulator process (sim-child.ts). */

export interface PropagationWrite {
  marker: string;
  cluster: string;
  namespace: string;
  name: string;
  /** `process.hrtime.bigint()` just before the store write, as a string. */
  writtenAt: string;
}

export interface SimClusterInfo {
  name: string;
  server: string;
  /** Path of its kubeconfig file (admin token, CA inline). */
  kubeconfig: string;
  /** Flux objects it holds (every kind in FLUX_KINDS). */
  fluxObjects: number;
}

export type ParentMessage =
  | { type: 'propagate'; runId: string; count: number; perSecond: number; clusters: string[] }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; startSeconds: number; rssBytes: number; clusters: SimClusterInfo[] }
  | { type: 'propagated'; writes: PropagationWrite[] }
  | { type: 'error'; error: string };
