/**
 * The Flux kinds the simulated clusters serve as CRDs (BRIEF.md's table). `versions` is newest
 * first; a cluster may be configured to serve only some of them, so clients must discover the
 * served version rather than assume it.
 */
export interface FluxKindDefinition {
  group: string;
  kind: string;
  /** Plural lower-case resource name used in URLs. */
  plural: string;
  singular: string;
  versions: string[];
  shortNames: string[];
  category: 'source' | 'kustomize' | 'helm' | 'notification' | 'image' | 'operator';
}

const SOURCE = 'source.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const IMAGE = 'image.toolkit.fluxcd.io';
const OPERATOR = 'fluxcd.controlplane.io';

function kind(group: string, name: string, versions: string[], category: FluxKindDefinition['category'], shortNames: string[] = []): FluxKindDefinition {
  const singular = name.toLowerCase();
  const plural = singular.endsWith('y') && !singular.endsWith('ey') ? `${singular.slice(0, -1)}ies` : `${singular}s`;
  return { group, kind: name, plural, singular, versions, shortNames, category };
}

export const FLUX_KINDS: readonly FluxKindDefinition[] = [
  kind(SOURCE, 'GitRepository', ['v1', 'v1beta2'], 'source', ['gitrepo']),
  kind(SOURCE, 'OCIRepository', ['v1', 'v1beta2'], 'source', ['ocirepo']),
  kind(SOURCE, 'HelmRepository', ['v1', 'v1beta2'], 'source', ['helmrepo']),
  kind(SOURCE, 'HelmChart', ['v1', 'v1beta2'], 'source', ['hc']),
  kind(SOURCE, 'Bucket', ['v1', 'v1beta2'], 'source'),
  kind(SOURCE, 'ExternalArtifact', ['v1'], 'source'),
  kind('source.extensions.fluxcd.io', 'ArtifactGenerator', ['v1beta1'], 'source'),
  kind('kustomize.toolkit.fluxcd.io', 'Kustomization', ['v1'], 'kustomize', ['ks']),
  kind('helm.toolkit.fluxcd.io', 'HelmRelease', ['v2', 'v2beta2'], 'helm', ['hr']),
  kind(NOTIFICATION, 'Receiver', ['v1', 'v1beta3'], 'notification'),
  kind(NOTIFICATION, 'Alert', ['v1beta3'], 'notification'),
  kind(NOTIFICATION, 'Provider', ['v1beta3'], 'notification'),
  kind(IMAGE, 'ImageRepository', ['v1', 'v1beta2'], 'image'),
  kind(IMAGE, 'ImagePolicy', ['v1', 'v1beta2'], 'image'),
  kind(IMAGE, 'ImageUpdateAutomation', ['v1', 'v1beta2'], 'image'),
  kind(OPERATOR, 'FluxInstance', ['v1'], 'operator'),
  kind(OPERATOR, 'FluxReport', ['v1'], 'operator'),
  kind(OPERATOR, 'ResourceSet', ['v1'], 'operator'),
  kind(OPERATOR, 'ResourceSetInputProvider', ['v1'], 'operator'),
];

/** `group/plural`, the key the object store uses. */
export function fluxGroupResource(definition: FluxKindDefinition): string {
  return `${definition.group}/${definition.plural}`;
}
