import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title.js';

describe('pageTitle', () => {
  it.each([
    ['/', 'Dashboard · Flux Orchestrator'],
    ['/resources', 'Resources · Flux Orchestrator'],
    ['/clusters/new', 'Add cluster · Flux Orchestrator'],
    ['/clusters/c1', 'Cluster · Flux Orchestrator'],
    ['/clusters/c1/graph', 'Dependency graph · Flux Orchestrator'],
    ['/clusters/c1/resources/Kustomization/flux-system/apps/events', 'Kustomization flux-system/apps · Flux Orchestrator'],
    ['/settings/access', 'Settings · Flux Orchestrator'],
    ['/tokens', 'API tokens · Flux Orchestrator'],
    ['/no-such-page', 'Page not found · Flux Orchestrator'],
  ])('%s → %s', (path, title) => {
    expect(pageTitle(path)).toBe(title);
  });

  it('shows an encoded object name as its name, and a malformed one as it is', () => {
    expect(pageTitle('/clusters/c1/resources/HelmRelease/apps/pod%20info')).toBe('HelmRelease apps/pod info · Flux Orchestrator');
    expect(pageTitle('/clusters/c1/resources/HelmRelease/apps/%E0%A4%A')).toBe('HelmRelease apps/%E0%A4%A · Flux Orchestrator');
  });
});
