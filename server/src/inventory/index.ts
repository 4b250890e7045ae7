export { inventoryRoutes } from './inventory.routes.js';
export { ApiResourceCatalog } from './api-resources.js';
export { fluxOwnerOf, InventoryTreeBuilder } from './inventory-tree.js';
export { workloadHealth, type WorkloadHealth } from './workload-health.js';
