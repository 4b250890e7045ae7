import type { PodLogStore } from '../contracts.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { FluxControllerInfo } from './flux-controllers.js';

export const FLUX_NAMESPACE = 'flux-system';
export const CONTROLLER_CONTAINER = 'manager';

export interface FluxControllerLoggerOptions {
  store: ObjectStore;
  logs: PodLogStore;
  now?: () => Date;
}

/**
 * Writes JSON log lines shaped like Flux's controllers (controller-runtime's zap JSON encoder:
 * `level`, `ts`, `msg`, `controller`, `controllerGroup`, `controllerKind`, the object by kind,
 * `name`, `namespace`, `reconcileID`) into the `manager` container of the controller's pod in
 * `flux-system`. The pod is found by its `app=<controller>` label; without a pod nothing is logged.
 */
export class FluxControllerLogger {
  private readonly store: ObjectStore;
  private readonly logs: PodLogStore;
  private readonly now: () => Date;
  private readonly podNames = new Map<string, string | null>();

  constructor(options: FluxControllerLoggerOptions) {
    this.store = options.store;
    this.logs = options.logs;
    this.now = options.now ?? (() => new Date());
  }

  /** Forget cached pod names (call when pods in flux-system change). */
  invalidatePods(): void {
    this.podNames.clear();
  }

  /** The running pod of a controller Deployment, if any. */
  podFor(deployment: string): string | undefined {
    if (!this.podNames.has(deployment)) {
      const pod = this.store.list('/pods', { namespace: FLUX_NAMESPACE, labelSelector: `app=${deployment}` }).items[0];
      this.podNames.set(deployment, pod?.metadata.name ?? null);
    }
    return this.podNames.get(deployment) ?? undefined;
  }

  /** A line about reconciling `object`. `fields` are appended after the standard ones. */
  reconcileLine(controller: FluxControllerInfo, object: KubeObject, level: 'info' | 'error', msg: string, reconcileID: string, fields: Record<string, unknown> = {}): void {
    const { definition } = controller;
    const ref = { name: object.metadata.name, namespace: object.metadata.namespace };
    this.write(controller.deployment, {
      level,
      ts: this.now().toISOString(),
      msg,
      controller: controller.controllerName,
      controllerGroup: definition.group,
      controllerKind: definition.kind,
      [definition.kind]: ref,
      namespace: ref.namespace,
      name: ref.name,
      reconcileID,
      ...fields,
    });
  }

  /** A line not tied to an object (startup, leader election). */
  plainLine(deployment: string, level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
    this.write(deployment, { level, ts: this.now().toISOString(), msg, ...fields });
  }

  private write(deployment: string, line: Record<string, unknown>): void {
    const pod = this.podFor(deployment);
    if (pod) this.logs.append(FLUX_NAMESPACE, pod, CONTROLLER_CONTAINER, JSON.stringify(line), this.now());
  }
}
