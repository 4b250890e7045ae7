import { describe, expect, it } from 'vitest';
import { fluxOwnedText } from './workload-action-dialog.js';

describe('a change Flux would undo', () => {
  it('reads as UI text: the API instruction becomes the dialog’s own step', () => {
    const server = 'Deployment apps/web is applied by Kustomization flux-system/apps: Flux puts spec.replicas back at its next reconcile when the manifest sets it (suspend Kustomization first to keep the change). Send acknowledge_flux_owner: true to scale anyway.';
    const text = fluxOwnedText(server, 'Scale anyway', 'workload');
    expect(text).not.toContain('acknowledge_flux_owner');
    expect(text).toBe('Deployment apps/web is applied by Kustomization flux-system/apps: Flux puts spec.replicas back at its next reconcile when the manifest sets it (suspend Kustomization first to keep the change). Flux manages this workload; choose Scale anyway to override.');
    expect(fluxOwnedText('Pod apps/p is applied by Kustomization flux-system/apps itself. Send acknowledge_flux_owner: true to delete it anyway.', 'Delete anyway', 'pod')).toBe(
      'Pod apps/p is applied by Kustomization flux-system/apps itself. Flux manages this pod; choose Delete anyway to override.',
    );
  });
});
