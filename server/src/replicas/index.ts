export { ReplicaSet, type ReplicaSetOptions, type ReplicaTiming } from './replica-set.js';
export { rendezvousOwner } from './rendezvous.js';
export { replicasRoutes, singleProcessOverview } from './replicas.routes.js';
export { ReplicaOverview, ReplicaView } from './replicas.schemas.js';
