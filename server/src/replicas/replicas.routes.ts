import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ReplicaOverview } from './replicas.schemas.js';

export interface ReplicaOverviewSource {
  overview(): Promise<ReplicaOverview>;
}

/** `/api/v1/replicas`: which server processes share the database, and which clusters each watches. */
export const replicasRoutes: FastifyPluginAsyncTypebox<{ source: ReplicaOverviewSource }> = async (app, { source }) => {
  app.get('/replicas', {
    config: { permission: 'system:read' },
    schema: { summary: 'Server replicas: alive, leader, clusters watched', tags: ['system'], response: { 200: ReplicaOverview } },
    handler: () => source.overview(),
  });
};

/** The one process of SQLite or MariaDB: it watches every cluster and leads. */
export function singleProcessOverview(clusterCount: () => number): ReplicaOverviewSource {
  const startedAt = new Date().toISOString();
  return {
    overview: async () => ({
      mode: 'single',
      replica_id: 'local',
      items: [{ id: 'local', description: `pid ${process.pid}`, started_at: startedAt, heartbeat_age_ms: 0, live: true, leader: true, clusters: clusterCount() }],
    }),
  };
}
