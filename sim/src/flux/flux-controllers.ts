/**
 * Which Flux controller owns which kind: names used for events (`source.component`), log lines
 * (`controller`, `controllerGroup`, `controllerKind`) and the controller pods in `flux-system`.
 */
import { FLUX_KINDS, fluxGroupResource } from './flux-kinds.js';
import type { FluxKindDefinition } from './flux-kinds.js';

export interface FluxControllerInfo {
  /** Deployment / pod app label in flux-system, e.g. `kustomize-controller`. */
  deployment: string;
  /** controller-runtime controller name as it appears in logs, e.g. `kustomization`. */
  controllerName: string;
  definition: FluxKindDefinition;
}

/** The controller Deployments a Flux installation runs in `flux-system`, with their images. */
export const FLUX_CONTROLLER_DEPLOYMENTS: ReadonlyArray<{ name: string; image: string; version: string }> = [
  { name: 'source-controller', image: 'ghcr.io/fluxcd/source-controller', version: 'v1.6.2' },
  { name: 'kustomize-controller', image: 'ghcr.io/fluxcd/kustomize-controller', version: 'v1.6.1' },
  { name: 'helm-controller', image: 'ghcr.io/fluxcd/helm-controller', version: 'v1.3.0' },
  { name: 'notification-controller', image: 'ghcr.io/fluxcd/notification-controller', version: 'v1.6.0' },
  { name: 'image-reflector-controller', image: 'ghcr.io/fluxcd/image-reflector-controller', version: 'v0.35.2' },
  { name: 'image-automation-controller', image: 'ghcr.io/fluxcd/image-automation-controller', version: 'v0.41.2' },
  { name: 'source-watcher', image: 'ghcr.io/fluxcd/source-watcher', version: 'v2.0.0' },
  { name: 'flux-operator', image: 'ghcr.io/controlplaneio-fluxcd/flux-operator', version: 'v0.24.1' },
];

const DEPLOYMENT_BY_CATEGORY: Record<FluxKindDefinition['category'], string> = {
  source: 'source-controller',
  kustomize: 'kustomize-controller',
  helm: 'helm-controller',
  notification: 'notification-controller',
  image: 'image-reflector-controller',
  operator: 'flux-operator',
};

function deploymentFor(definition: FluxKindDefinition): string {
  if (definition.kind === 'ImageUpdateAutomation') return 'image-automation-controller';
  if (definition.group === 'source.extensions.fluxcd.io') return 'source-watcher';
  return DEPLOYMENT_BY_CATEGORY[definition.category];
}

const BY_GROUP_RESOURCE = new Map<string, FluxControllerInfo>(
  FLUX_KINDS.map((definition) => [
    fluxGroupResource(definition),
    { deployment: deploymentFor(definition), controllerName: definition.singular, definition },
  ]),
);

const BY_KIND = new Map<string, FluxControllerInfo>([...BY_GROUP_RESOURCE.values()].map((info) => [info.definition.kind, info]));

/** The controller for a Flux `group/plural`, or undefined for non-Flux resources. */
export function fluxControllerFor(groupResource: string): FluxControllerInfo | undefined {
  return BY_GROUP_RESOURCE.get(groupResource);
}

/** The controller for a Flux kind name (kinds are unique across Flux groups). */
export function fluxControllerForKind(kind: string): FluxControllerInfo | undefined {
  return BY_KIND.get(kind);
}
