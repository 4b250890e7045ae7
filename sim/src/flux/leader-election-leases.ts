/**
 * The Leases Flux controllers hold for leader election in their namespace. The toolkit
 * controllers name theirs `<controller>-leader-election` (controller-runtime's LeaderElectionID)
 * with Flux's default 35 s lease; the holder is `<pod>_<uuid>`, as client-go's resource lock
 * writes it. The simulated controllers do not renew them: they are written once, when seeded.
 */
import type { KubeObject } from '../store/types.js';
import { SeededRandom } from './seeded-random.js';

const FLUX_LEASE_DURATION_SECONDS = 35;

/** Lease times are MicroTime: RFC 3339 with six fractional digits. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Whether a controller image is one of the toolkit's, whose lease name is known. */
export function holdsToolkitLease(image: string): boolean {
  return image.startsWith('ghcr.io/fluxcd/');
}

export function leaderElectionLease(namespace: string, controller: string, holderPod: string, acquiredAt: Date, renewedAt: Date): KubeObject {
  // Derived from the pod name, not drawn from the generator's sequence: adding Leases must not
  // change any other generated object.
  const suffix = new SeededRandom(holderPod).hex(32);
  const uuid = `${suffix.slice(0, 8)}-${suffix.slice(8, 12)}-${suffix.slice(12, 16)}-${suffix.slice(16, 20)}-${suffix.slice(20)}`;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `${controller}-leader-election`, namespace },
    spec: {
      holderIdentity: `${holderPod}_${uuid}`,
      leaseDurationSeconds: FLUX_LEASE_DURATION_SECONDS,
      acquireTime: microTime(acquiredAt),
      renewTime: microTime(renewedAt),
      leaseTransitions: 0,
    },
  };
}
