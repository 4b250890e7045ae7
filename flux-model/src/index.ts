export { FLUX_KINDS, FLUX_SOURCE_KINDS, findFluxKind, fluxKindOf } from './flux-kinds.js';
export type { FluxAction, FluxCategory, FluxKind, ReconcileOption } from './flux-kinds.js';
export { FLUX_STATUSES, computeFluxStatus } from './flux-status.js';
export type { FluxCondition, FluxObjectLike, FluxObjectStatus, FluxStatus } from './flux-status.js';
export { dependsOnOf, generatedRefsOf, inputRefsOf, sourceRefOf } from './flux-refs.js';
export { inventoryOf, parseInventoryEntry } from './flux-inventory.js';
export type { InventoryEntryRef } from './flux-inventory.js';
export type { FluxRef } from './flux-refs.js';
export { FORCE_AT_ANNOTATION, REQUESTED_AT_ANNOTATION, RESET_AT_ANNOTATION, reconcilePatch, resumePatch, suspendPatch } from './flux-actions.js';
