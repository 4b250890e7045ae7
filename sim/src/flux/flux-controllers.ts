/**
 * Which Flux controller owns which kind: names used for events (`source.component`), log lines
 * (`controller`, `controllerGroup`, `controllerKind`) and the controller pods in `flux-system`.
 */
import { FLUX_KINDS, fluxGroupResource } from './flux-kinds.js';
import type { FluxKindDefinition } from './flux-kinds.js';
import { DEFAULT_FLUX_RELEASE, fluxDeploymentsOf } from './flux-releases.js';

export interface FluxControllerInfo {
  /** Deployment / pod app label in flux-system, e.g. `kustomize-controller`. */
  deployment: string;
  /** controller-runtime controller name as it appears in logs, e.g. `kustomization`. */
  controllerName: string;
  definition: FluxKindDefinition;
}

/**
 * The Deployments the default release runs in `flux-system`, with their images (controllers,
 * then the Flux Operator). A cluster of another release runs `fluxDeploymentsOf(release)`.
 */
export const FLUX_CONTROLLER_DEPLOYMENTS: ReadonlyArray<{ name: string; image: string; version: string }> = fluxDeploymentsOf(DEFAULT_FLUX_RELEASE);

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
