import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../http/common.schemas.js';
import { type FluxResourceService, ResourceParams } from '../fleet/index.js';
import type { ApiResourceCatalog } from './api-resources.js';
import { InventoryTreeBuilder } from './inventory-tree.js';
import { InventoryNodeSchema, InventoryTree } from './inventory.schemas.js';

export interface InventoryRoutesOptions {
  resources: FluxResourceService;
  catalog: ApiResourceCatalog;
}

/** `…/tree`: what a Kustomization or HelmRelease applied, live, with each object's health. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<InventoryRoutesOptions> = async (app, { resources, catalog }) => {
  for (const schema of [InventoryNodeSchema, InventoryTree]) app.addSchema(schema);
  app.get('/clusters/:id/resources/:kind/:namespace/:name/tree', {
    config: { permission: 'resources:read' },
    schema: {
      summary: 'Inventory tree: what a Flux object applied, live, with health',
      description:
        'The entries of `status.inventory` (Kustomization; HelmRelease from Flux 2.8; ResourceSet, FluxInstance) read from the cluster: workloads with their rollout health, pods of Deployments, StatefulSets and DaemonSets, nested Flux objects expanded with their own inventory. At most 1,000 nodes (`truncated`). Only names and health are returned, never object contents.',
      tags: ['resources'],
      params: ResourceParams,
      response: { 200: Type.Ref(InventoryTree), 404: ErrorResponse, 502: ErrorResponse },
    },
    handler: async (request) => {
      const { id, namespace, name } = request.params;
      const live = await resources.readLive({ clusterId: id, kind: request.params.kind, namespace, name });
      const builder = new InventoryTreeBuilder(live.connection, catalog);
      const root = await builder.build(live.kind, live.object as Record<string, unknown>, `${live.kind.group}/${live.version}`);
      return { cluster_id: id, root, truncated: builder.truncated, notes: builder.notes };
    },
  });
};
