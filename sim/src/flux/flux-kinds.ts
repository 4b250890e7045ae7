/**
 * The Flux kinds the simulated clusters serve as CRDs. The catalog itself (names, categories,
 * every version any Flux release served) is `@flux-orchestrator/flux-model`'s; which kinds and
 * versions one simulated cluster serves is its Flux release's (flux-releases.ts). `FLUX_KINDS`
 * here carries the versions of the default release, newest first; clusters of other releases
 * serve other versions, so clients must discover the served version rather than assume it.
 */
import { FLUX_KINDS as FLUX_MODEL_KINDS } from '@flux-orchestrator/flux-model';
import type { FluxKind } from '@flux-orchestrator/flux-model';
import { DEFAULT_FLUX_RELEASE, servedVersionsOf } from './flux-releases.js';

/** A catalog kind with `versions` narrowed to the versions the simulator serves. */
export interface FluxKindDefinition extends FluxKind {
  /** Served versions, newest first. */
  versions: string[];
  shortNames: string[];
}

/** Versions served by the simulator's default release, per kind (storage version first). */
export const SIMULATOR_SERVED_VERSIONS: Readonly<Record<string, readonly string[]>> = DEFAULT_FLUX_RELEASE.servedVersions;

/** Short names the real CRDs declare that the shared catalog does not carry (source-watcher's `ag`). */
const CRD_SHORT_NAMES: Readonly<Record<string, readonly string[]>> = { ArtifactGenerator: ['ag'] };

export const FLUX_KINDS: readonly FluxKindDefinition[] = FLUX_MODEL_KINDS.map((kind) => {
  const served = servedVersionsOf(DEFAULT_FLUX_RELEASE, kind.kind);
  if (served.length === 0) throw new Error(`the simulator's default release (Flux ${DEFAULT_FLUX_RELEASE.version}) does not serve ${kind.kind}`);
  const shortNames = [...new Set([...kind.shortNames, ...(CRD_SHORT_NAMES[kind.kind] ?? [])])];
  return { ...kind, versions: [...served], shortNames };
});

/** `group/plural`, the key the object store uses. */
export function fluxGroupResource(definition: Pick<FluxKind, 'group' | 'plural'>): string {
  return `${definition.group}/${definition.plural}`;
}
