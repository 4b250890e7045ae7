// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ResourceDetail } from '../api/resources.js';
import { resourceItem } from '../api/test-fixtures.js';
import type { Me } from '../auth/auth-api.js';
import { CurrentUserProvider } from '../auth/auth-gate.js';
import { formatRelative } from '../components/relative-time.js';
import { ResourceDetailView } from './resource-detail-page.js';

const address = { clusterId: 'c1', kind: 'Kustomization', namespace: 'apps', name: 'app' };
/** When the index last saw the object change. */
const KNOWN_AT = new Date(Date.now() - 5 * 60_000).toISOString();

/** A detail as the API answers it; `live: false` is the last known state of an unreachable cluster. */
function detailOf(live: boolean): ResourceDetail {
  return {
    resource: resourceItem({ status: 'failed', reason: 'BuildFailed', message: 'kustomize build failed before the outage', stale: !live, updated_at: KNOWN_AT }),
    live,
    unavailable_reason: live ? null : 'connection refused: nothing listens at the API server’s address (down, or the address changed)',
    object: live ? { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'app', namespace: 'apps' } } : null,
    yaml: live ? 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n' : null,
    conditions: live ? [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed', last_transition_time: null }] : [],
    events: [{ type: 'Warning', reason: 'BuildFailed', message: 'kept through the outage', count: 2, first_seen: null, last_seen: new Date().toISOString(), source: 'kustomize-controller' }],
    transitions: [{ from_status: 'ready', to_status: 'failed', reason: 'BuildFailed', message: 'kustomize build failed', at: new Date().toISOString() }],
    source: { ref: { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' }, resource: null, out_of_scope: false },
    depends_on: [],
    dependents: [],
  };
}

function signedIn(role: 'viewer' | 'operator'): Me {
  const permissions = role === 'viewer' ? ['resources:read', 'logs:read', 'clusters:read'] : ['resources:read', 'resources:act', 'logs:read', 'clusters:read'];
  return { auth_mode: 'local', bindings: [{ role }], csrf_token: 'csrf', display_name: role, groups: [], kind: 'user', password_login: true, permissions, user_id: role, username: role };
}

function renderDetail(detail: ResourceDetail, onRetry = vi.fn(), tab: 'overview' | 'events' = 'overview', role: 'viewer' | 'operator' = 'operator') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <CurrentUserProvider value={signedIn(role)}>
        <ResourceDetailView address={address} tab={tab} detail={detail} onRetry={onRetry} />
      </CurrentUserProvider>
    </QueryClientProvider>,
  );
  return { onRetry };
}

describe('resource detail while its cluster cannot be reached', () => {
  afterEach(cleanup);

  it('says which cluster is unreachable and why, and since when the status is known; keeps status, status changes and source', () => {
    const { onRetry } = renderDetail(detailOf(false));
    const notice = screen.getByRole('status', { name: 'Cluster unreachable' });
    expect(notice.textContent).toContain('Cluster prod is unreachable: connection refused: nothing listens at the API server’s address (down, or the address changed).');
    expect(notice.textContent).toContain(`Showing the last known status, recorded ${formatRelative(KNOWN_AT)}.`);
    fireEvent.click(within(notice).getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();

    // What needs no cluster stays.
    expect(screen.getByTestId('status-message').textContent).toBe('kustomize build failed before the outage');
    expect(within(screen.getByRole('list', { name: 'Status changes' })).getAllByRole('listitem')).toHaveLength(1);
    expect(within(screen.getByRole('list', { name: 'Source' })).getByRole('link').textContent).toBe('GitRepository flux-system/flux-system');
    // One notice, not the watch's "Last known state" alert as well.
    expect(screen.queryByText('Last known state')).toBeNull();
  });

  it('shows no YAML or conditions and disables the actions, which need the cluster', () => {
    renderDetail(detailOf(false));
    expect(screen.getByText('The YAML needs the cluster')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Copy YAML/ })).toBeNull();
    expect(screen.getByText('Conditions need the cluster')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Conditions' })).toBeNull();
    const actions = screen.getByRole('region', { name: 'Actions' });
    for (const name of [/Reconcile/, /Suspend/]) {
      const button = within(actions).getByRole('button', { name }) as HTMLButtonElement;
      expect(button.disabled, String(name)).toBe(true);
      expect(button.title).toBe('The cluster cannot be reached: actions need it');
    }
  });

  it('lists the kept events, saying they are the kept ones only', () => {
    renderDetail(detailOf(false), vi.fn(), 'events');
    expect(screen.getByText(/Kept by Flux Orchestrator, newest first \(the cluster cannot be read\)/)).toBeTruthy();
    expect(screen.getByText('kept through the outage')).toBeTruthy();
  });

  it('offers no action to a viewer, whose role may not take them', () => {
    renderDetail(detailOf(true), vi.fn(), 'overview', 'viewer');
    expect(screen.queryByRole('region', { name: 'Actions' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Reconcile/ })).toBeNull();
  });

  it('shows nothing of the kind when the object was read live', () => {
    renderDetail(detailOf(true));
    expect(screen.queryByRole('status', { name: 'Cluster unreachable' })).toBeNull();
    expect(screen.getByRole('button', { name: /Copy YAML/ })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Conditions' })).toBeTruthy();
    expect((within(screen.getByRole('region', { name: 'Actions' })).getByRole('button', { name: /Reconcile/ }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('source and dependencies outside the caller’s namespaces', () => {
  afterEach(cleanup);

  it('names them without a link or a status, and does not call them missing', () => {
    const detail = detailOf(true);
    renderDetail({
      ...detail,
      source: { ...detail.source!, out_of_scope: true },
      depends_on: [{ ref: { kind: 'Kustomization', namespace: 'infra', name: 'platform' }, resource: null, out_of_scope: false }],
    });
    const source = screen.getByRole('list', { name: 'Source' });
    expect(within(source).queryByRole('link')).toBeNull();
    expect(source.textContent).toContain('GitRepository flux-system/flux-system');
    expect(within(source).getByText('Not in your scope')).toBeTruthy();
    // One that is simply not in the cluster still reads as missing.
    expect(within(screen.getByRole('list', { name: 'Depends on' })).getByText('Missing')).toBeTruthy();
  });
});

describe('the last reconcile request handled', () => {
  afterEach(cleanup);

  const handled = (value: string | null) => {
    const detail = detailOf(true);
    renderDetail({ ...detail, resource: { ...detail.resource, last_handled_reconcile_at: value } });
    return screen.getByRole('region', { name: 'Status' }).querySelector('[data-field="last-handled-reconcile"]')!;
  };

  it('shows the time the flux CLI or the server wrote (RFC 3339, nanoseconds) as the other times: relative, exact on hover', () => {
    // As the server writes it: microseconds and nanoseconds after the milliseconds.
    const at = new Date(Date.now() - 3 * 60_000);
    const token = `${at.toISOString().slice(0, -1)}123456Z`;
    const time = handled(token).querySelector('time')!;
    expect(time.textContent).toBe(formatRelative(at.toISOString()));
    expect(time.getAttribute('datetime')).toBe(token);
    expect(time.title).toBe(at.toLocaleString());
  });

  it('shows any other token as it is, and a dash when none was handled', () => {
    expect(handled('1767225600').textContent).toBe('1767225600');
    cleanup();
    expect(handled(null).textContent).toBe('—');
  });
});
