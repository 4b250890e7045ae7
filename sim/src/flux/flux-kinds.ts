/**
 * The Flux kinds the simulated clusters serve as CRDs. The catalog itself (names, categories,
 * every version any Flux release served) is `@flux-orchestrator/flux-model`'s; what is simulator
 * behaviour is which versions a simulated cluster serves by default: those of its default Flux
 * release (2.7), below. `versions` is newest first; a cluster may be configured to serve only some
 * of them (`fluxVersions`), so clients must discover the served version rather than assume it.
 */
import { FLUX_KINDS as FLUX_MODEL_KINDS } from '@flux-orchestrator/flux-model';
import type { FluxKind } from '@flux-orchestrator/flux-model';

/** A catalog kind with `versions` narrowed to the versions the simulator serves. */
export interface FluxKindDefinition extends FluxKind {
  /** Served versions, newest first. */
  versions: string[];
  shortNames: string[];
}

/**
 * Versions served by the simulator's default release (Flux 2.7 with the Flux Operator), per kind.
 * Receiver `v1beta3` is a simulator quirk kept for compatibility: notification-controller only
 * ever served Alert and Provider as v1beta3.
 */
export const SIMULATOR_SERVED_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  GitRepository: ['v1', 'v1beta2'],
  OCIRepository: ['v1', 'v1beta2'],
  HelmRepository: ['v1', 'v1beta2'],
  HelmChart: ['v1', 'v1beta2'],
  Bucket: ['v1', 'v1beta2'],
  ExternalArtifact: ['v1'],
  ArtifactGenerator: ['v1beta1'],
  Kustomization: ['v1'],
  HelmRelease: ['v2', 'v2beta2'],
  Receiver: ['v1', 'v1beta3'],
  Alert: ['v1beta3'],
  Provider: ['v1beta3'],
  ImageRepository: ['v1', 'v1beta2'],
  ImagePolicy: ['v1', 'v1beta2'],
  ImageUpdateAutomation: ['v1', 'v1beta2'],
  FluxInstance: ['v1'],
  FluxReport: ['v1'],
  ResourceSet: ['v1'],
  ResourceSetInputProvider: ['v1'],
};

export const FLUX_KINDS: readonly FluxKindDefinition[] = FLUX_MODEL_KINDS.map((kind) => {
  const served = SIMULATOR_SERVED_VERSIONS[kind.kind];
  if (!served) throw new Error(`no served versions for Flux kind ${kind.kind} in the simulator's default release`);
  return { ...kind, versions: [...served], shortNames: [...kind.shortNames] };
});

/** `group/plural`, the key the object store uses. */
export function fluxGroupResource(definition: Pick<FluxKind, 'group' | 'plural'>): string {
  return `${definition.group}/${definition.plural}`;
}
