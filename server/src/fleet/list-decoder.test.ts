import { afterAll, describe, expect, it } from 'vitest';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import { InlineListDecoder, WorkerListDecoder } from './list-decoder.js';
import { decodeListPage } from './list-page.js';
import { digestOf } from './resource-record.js';

const kustomizations = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'KustomizationList',
  metadata: { resourceVersion: '1234', continue: 'next-page' },
  items: [
    {
      metadata: { name: 'apps', namespace: 'flux-system', resourceVersion: '1200', generation: 3 },
      spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, dependsOn: [{ name: 'infra' }], path: './apps', prune: true, interval: '10m' },
      status: {
        observedGeneration: 3,
        lastAppliedRevision: 'main@sha1:abc',
        conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed', lastTransitionTime: '2026-11-30T10:00:00Z' }],
      },
    },
    { metadata: { name: 'infra', namespace: 'flux-system', resourceVersion: '1201' }, spec: { suspend: true } },
    { metadata: { namespace: 'flux-system' } },
  ],
};
const body = (): Buffer => Buffer.from(JSON.stringify(kustomizations));

describe('list decoder', () => {
  const worker = new WorkerListDecoder();
  afterAll(() => worker.close());

  it('digests each item as digestOf does with the list’s apiVersion and kind, and keeps the list’s metadata', () => {
    const page = decodeListPage('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body());
    const kind = findFluxKind('Kustomization')!;
    expect(page.items).toEqual(kustomizations.items.slice(0, 2).map((item) => digestOf(kind, { ...item, apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' })));
    expect(page.items[0]).toMatchObject({ name: 'apps', resourceVersion: '1200', source: { kind: 'GitRepository', name: 'fleet', namespace: 'flux-system' }, computed: { status: 'failed', reason: 'BuildFailed' } });
    expect(page.items[1]).toMatchObject({ name: 'infra', suspended: true });
    expect(page).toMatchObject({ resourceVersion: '1234', continue: 'next-page' });
  });

  it('answers the same on its worker thread, page after page', async () => {
    const inline = await new InlineListDecoder().decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body());
    const pages = await Promise.all(Array.from({ length: 5 }, () => worker.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body())));
    for (const page of pages) expect(page).toEqual(inline);
  });

  it('takes a small pooled Buffer too (copied, not moved) and leaves the pool usable', async () => {
    const small = Buffer.from(JSON.stringify({ items: [{ metadata: { name: 'x', namespace: 'y' } }], metadata: {} }));
    const neighbour = Buffer.from('still here');
    const page = await worker.decode('GitRepository', 'source.toolkit.fluxcd.io/v1', small);
    expect(page.items.map((item) => item.name)).toEqual(['x']);
    expect(neighbour.toString()).toBe('still here');
  });

  it('rejects a page that is not JSON with the parser’s message, and goes on', async () => {
    await expect(worker.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', Buffer.from('{"items": ['))).rejects.toThrow(/JSON/);
    expect((await worker.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body())).items).toHaveLength(2);
  });

  it('fails what a thread that died had, and decodes on a new one', async () => {
    const decoder = new WorkerListDecoder();
    try {
      expect((await decoder.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body())).items).toHaveLength(2);
      // As if the thread crashed: what it had in hand fails instead of hanging.
      const thread = (decoder as unknown as { worker: { terminate(): Promise<number> } }).worker;
      const stopped = thread.terminate();
      const inFlight = decoder.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body());
      await stopped;
      await expect(inFlight).rejects.toThrow(/exited/);
      expect((await decoder.decode('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', body())).items).toHaveLength(2);
    } finally {
      await decoder.close();
    }
  });
});
