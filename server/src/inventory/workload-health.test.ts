import { describe, expect, it } from 'vitest';
import { workloadHealth } from './workload-health.js';

describe('workload health', () => {
  it('tells a rolled out Deployment from one rolling out and one past its deadline', () => {
    const spec = { replicas: 2 };
    expect(workloadHealth('Deployment', { metadata: { generation: 3 }, spec, status: { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } }).health).toBe('healthy');
    expect(workloadHealth('Deployment', { metadata: { generation: 4 }, spec, status: { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } }).health).toBe('progressing');
    expect(workloadHealth('Deployment', { metadata: { generation: 3 }, spec, status: { observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2 } })).toMatchObject({ health: 'progressing', message: '1 of 2 replicas updated' });
    expect(
      workloadHealth('Deployment', {
        metadata: { generation: 3 },
        spec,
        status: { observedGeneration: 3, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-1" has timed out progressing.' }] },
      }),
    ).toEqual({ health: 'failed', message: 'ReplicaSet "web-1" has timed out progressing.' });
  });

  it('calls a crash-looping pod failed, and a pending one progressing', () => {
    const crashing = { status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } } }] } };
    expect(workloadHealth('Pod', crashing)).toEqual({ health: 'failed', message: 'container app: CrashLoopBackOff (7 restarts): back-off 5m0s restarting failed container' });
    expect(workloadHealth('Pod', { status: { phase: 'Pending' } }).health).toBe('progressing');
    expect(workloadHealth('Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }).health).toBe('healthy');
  });

  it('reads Jobs, StatefulSets, DaemonSets and claims; other kinds are healthy when they exist', () => {
    expect(workloadHealth('Job', { status: { conditions: [{ type: 'Failed', status: 'True', message: 'Job has reached the specified backoff limit' }] } })).toEqual({ health: 'failed', message: 'Job has reached the specified backoff limit' });
    expect(workloadHealth('Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } }).health).toBe('healthy');
    expect(workloadHealth('StatefulSet', { spec: { replicas: 3 }, status: { readyReplicas: 1, updatedReplicas: 3 } }).health).toBe('progressing');
    expect(workloadHealth('DaemonSet', { status: { desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }).health).toBe('healthy');
    expect(workloadHealth('PersistentVolumeClaim', { status: { phase: 'Lost' } }).health).toBe('failed');
    expect(workloadHealth('ConfigMap', { data: {} })).toEqual({ health: 'healthy', message: '' });
  });
});
