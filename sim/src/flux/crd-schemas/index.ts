/**
 * The structural schemas and printer columns of every Flux kind, for every version any Flux
 * release (2.0–2.9) or the Flux Operator served (`@flux-orchestrator/flux-model`'s catalog),
 * plus Receiver v1beta3, which the simulator serves as a quirk. Authored for the simulator:
 * the spec fields people write, with the required lists and enums of each version.
 */
import { HELM_SCHEMAS } from './helm-schemas.js';
import { IMAGE_SCHEMAS } from './image-schemas.js';
import { KUSTOMIZE_SCHEMAS } from './kustomize-schemas.js';
import { NOTIFICATION_SCHEMAS } from './notification-schemas.js';
import { OPERATOR_SCHEMAS } from './operator-schemas.js';
import type { CrdVersionSchema } from './schema-builders.js';
import { SOURCE_SCHEMAS } from './source-schemas.js';

export type { CrdVersionSchema, PrinterColumn } from './schema-builders.js';

const BY_KIND: Record<string, Record<string, CrdVersionSchema>> = {
  ...SOURCE_SCHEMAS,
  ...KUSTOMIZE_SCHEMAS,
  ...HELM_SCHEMAS,
  ...NOTIFICATION_SCHEMAS,
  ...IMAGE_SCHEMAS,
  ...OPERATOR_SCHEMAS,
};

/** The schema and columns of a Flux kind at a version; undefined for kinds or versions Flux never served. */
export function fluxCrdVersionSchema(kind: string, version: string): CrdVersionSchema | undefined {
  return BY_KIND[kind]?.[version];
}
