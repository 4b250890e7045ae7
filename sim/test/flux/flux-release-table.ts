/**
 * What each Flux release served, written down independently of the simulator's profiles so tests
 * compare the two: versions per kind (storage version first) for the kinds every release has, one
 * column per group of kinds that always moved together.
 */
export const SERVED: Record<string, Record<string, string[]>> = (() => {
  const v1b2b1 = ['v1', 'v1beta2', 'v1beta1'];
  const b2b1 = ['v1beta2', 'v1beta1'];
  const row = (git: string[], helmSource: string[], bucket: string[], oci: string[], ks: string[], hr: string[], alert: string[], receiver: string[], image: string[], update: string[]) => ({
    GitRepository: git, HelmRepository: helmSource, HelmChart: helmSource, Bucket: bucket, OCIRepository: oci, Kustomization: ks, HelmRelease: hr,
    Alert: alert, Provider: alert, Receiver: receiver, ImageRepository: image, ImagePolicy: image, ImageUpdateAutomation: update,
  });
  const r20 = row(v1b2b1, b2b1, b2b1, ['v1beta2'], v1b2b1, ['v2beta1'], b2b1, v1b2b1, b2b1, ['v1beta1']);
  const r22 = { ...r20, HelmRelease: ['v2beta2', 'v2beta1'], Alert: ['v1beta3', ...b2b1], Provider: ['v1beta3', ...b2b1] };
  const r23 = { ...r22, HelmRepository: v1b2b1, HelmChart: v1b2b1, HelmRelease: ['v2', 'v2beta2', 'v2beta1'], ImageUpdateAutomation: b2b1 };
  const r24 = { ...r23, Bucket: v1b2b1 };
  const r26 = { ...r24, OCIRepository: ['v1', 'v1beta2'] };
  const v1b2 = ['v1', 'v1beta2'];
  const r27 = row(v1b2, v1b2, v1b2, v1b2, v1b2, ['v2', 'v2beta2'], ['v1beta3', 'v1beta2'], v1b2, v1b2, v1b2);
  const r28 = row(['v1'], ['v1'], ['v1'], ['v1'], ['v1'], ['v2'], ['v1beta3', 'v1beta2'], v1b2, v1b2, v1b2);
  const r29 = row(['v1'], ['v1'], ['v1'], ['v1'], ['v1'], ['v2'], ['v1beta3'], ['v1'], ['v1'], ['v1']);
  return { '2.0': r20, '2.1': r20, '2.2': r22, '2.3': r23, '2.4': r24, '2.5': r24, '2.6': r26, '2.7': r27, '2.8': r28, '2.9': r29 };
})();

/** The `group/version`s of Flux API groups `kubectl api-versions` lists for a release. */
export function fluxGroupVersions(minor: string, options: { operator: boolean }): string[] {
  const groups: Record<string, string> = {
    GitRepository: 'source.toolkit.fluxcd.io', HelmRepository: 'source.toolkit.fluxcd.io', HelmChart: 'source.toolkit.fluxcd.io', Bucket: 'source.toolkit.fluxcd.io', OCIRepository: 'source.toolkit.fluxcd.io',
    Kustomization: 'kustomize.toolkit.fluxcd.io', HelmRelease: 'helm.toolkit.fluxcd.io', Alert: 'notification.toolkit.fluxcd.io', Provider: 'notification.toolkit.fluxcd.io', Receiver: 'notification.toolkit.fluxcd.io',
    ImageRepository: 'image.toolkit.fluxcd.io', ImagePolicy: 'image.toolkit.fluxcd.io', ImageUpdateAutomation: 'image.toolkit.fluxcd.io',
  };
  const served = new Set(Object.entries(SERVED[minor]!).flatMap(([kind, versions]) => versions.map((version) => `${groups[kind]}/${version}`)));
  if (Number(minor.split('.')[1]) >= 7) served.add('source.extensions.fluxcd.io/v1beta1');
  if (options.operator) served.add('fluxcd.controlplane.io/v1');
  return [...served].sort();
}
