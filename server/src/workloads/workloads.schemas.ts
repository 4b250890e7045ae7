import { Type, type Static } from '@sinclair/typebox';
import { NamespaceName, ObjectName } from '../logs/index.js';

export const WorkloadParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.String({ minLength: 1, maxLength: 64, description: 'Deployment, StatefulSet or DaemonSet (any case, or the plural).' }),
    namespace: NamespaceName,
    name: ObjectName,
  },
  { additionalProperties: false },
);
export type WorkloadParams = Static<typeof WorkloadParams>;

const Acknowledge = Type.Optional(
  Type.Boolean({ description: 'Act even though Flux applied the object (it may put the change back at its next reconcile). Without it such a request answers 409 naming the owner.' }),
);

export const ScaleBody = Type.Object({ replicas: Type.Integer({ minimum: 0, maximum: 10_000 }), acknowledge_flux_owner: Acknowledge }, { additionalProperties: false });
export type ScaleBody = Static<typeof ScaleBody>;

export const AcknowledgeBody = Type.Object({ acknowledge_flux_owner: Acknowledge }, { additionalProperties: false });
export type AcknowledgeBody = Static<typeof AcknowledgeBody>;

export const FluxOwner = Type.Union([Type.Object({ kind: Type.String(), namespace: Type.String(), name: Type.String() }), Type.Null()], {
  description: 'The Kustomization or HelmRelease that applied the object (from the labels Flux puts on it).',
});

export const WorkloadActionResult = Type.Object(
  {
    action: Type.Union([Type.Literal('scale'), Type.Literal('restart'), Type.Literal('delete')]),
    kind: Type.String(),
    namespace: Type.String(),
    name: Type.String(),
    flux_owner: FluxOwner,
    replicas: Type.Optional(Type.Integer({ description: 'Scale: the new spec.replicas.' })),
    restarted_at: Type.Optional(Type.String({ description: 'Restart: the `kubectl.kubernetes.io/restartedAt` written to the pod template.' })),
    warning: Type.Union([Type.String(), Type.Null()], { description: 'Set when Flux owns the object and may revert the change.' }),
  },
  { $id: 'WorkloadActionResult' },
);
export type WorkloadActionResult = Static<typeof WorkloadActionResult>;
