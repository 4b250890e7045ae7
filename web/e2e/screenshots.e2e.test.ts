import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { NO_FLUX_KINDS } from '@flux-orchestrator/sim';
import { startAzureSetup, type AzureSetup } from './support/azure-fleet.js';
import { launchBrowser, openPage } from './support/browser.js';
import { REPO_ROOT } from './support/web-build.js';
import { createReadyKustomization, setReady } from '../../server/test/support/fleet-fixtures.js';

/**
 * A realistic fleet (healthy, unauthorized, unreachable, degraded and AKS clusters) photographed
 * page by page in both themes, with login on (AUTH_MODE=local, the default) and the initial admin
 * signed in through the login page, as a user sees it. `npm run screenshots -w web` writes them
 * to docs/screenshots/; plain test runs write to a temp dir, so CI leaves the tree clean.
 */
const OUT_DIR = process.env.SCREENSHOT_DIR ? path.resolve(REPO_ROOT, process.env.SCREENSHOT_DIR) : mkdtempSync(path.join(os.tmpdir(), 'fo-screenshots-'));

describe('screenshots of the main pages', () => {
  let azure: AzureSetup;
  let browser: Browser;
  const ids: Record<string, string> = {};
  /** The initial admin's password (the server wrote it on its first start). */
  let password = '';
  /** The setup's own session: its cookie, and the CSRF token its state changes send. */
  const session = { cookie: '', csrf: '' };

  async function api(method: string, urlPath: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: session.cookie };
    if (body) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
    const response = await fetch(`${azure.server.url}${urlPath}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Signs in through the login page, as a user does, and waits for the page asked for. */
  async function signIn(page: Page, heading: string) {
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }

  beforeAll(async () => {
    [azure, browser] = await Promise.all([startAzureSetup({ plainClusters: 4, serverEnv: { AUTH_MODE: 'local' } }), launchBrowser()]);
    password = readFileSync(path.join(azure.server.dataDir, 'initial-admin-password'), 'utf8').trim();
    const login = await fetch(`${azure.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    session.cookie = login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    const me = await api('GET', '/api/v1/auth/me');
    expect(me.json).toMatchObject({ auth_mode: 'local', username: 'admin' });
    session.csrf = me.json.csrf_token;
    const { fleet, subscription } = azure;
    const noFlux = await fleet.addCluster({ name: 'edge-no-flux', fluxKindVersions: NO_FLUX_KINDS });
    const plain: Array<[string, string, Record<string, string>, boolean?]> = [
      ['prod-eu-west', fleet.cluster('cluster-001').kubeconfig(), { env: 'prod', region: 'eu-west' }, true],
      ['prod-us-east', fleet.cluster('cluster-002').kubeconfig(), { env: 'prod', region: 'us-east' }],
      ['staging-eu', fleet.cluster('cluster-003').kubeconfig('revoked-token'), { env: 'staging' }],
      ['dev-sandbox', fleet.cluster('cluster-004').kubeconfig(), { env: 'dev' }],
      ['edge-store-42', noFlux.kubeconfig(), { env: 'edge' }],
    ];
    for (const [name, kubeconfig, labels, favorite] of plain) {
      const created = await api('POST', '/api/v1/clusters', { name, kubeconfig, labels, favorite: favorite ?? false, description: `${labels.env} cluster` });
      expect(created.status).toBe(201);
      ids[name] = created.json.id;
      await api('GET', `/api/v1/clusters/${ids[name]}/health?refresh=true`);
    }
    await fleet.cluster('cluster-004').api.closePort();
    await api('GET', `/api/v1/clusters/${ids['dev-sandbox']}/health?refresh=true`);

    const added = await api('POST', '/api/v1/azure/subscriptions?test=true', {
      name: 'Production Subscription',
      subscription_id: subscription.subscriptionId,
      tenant_id: subscription.tenantId,
      client_id: subscription.clientId,
      client_secret: subscription.clientSecret,
      environment: 'custom',
      authority_host: azure.authorityHost,
      resource_manager_endpoint: azure.resourceManagerEndpoint,
      resource_manager_audience: 'https://management.azure.com',
      auto_sync_interval_minutes: 60,
    });
    expect(added.status).toBe(201);
    const sync = await api('POST', `/api/v1/azure/subscriptions/${subscription.subscriptionId}/sync`, {});
    expect([200, 202]).toContain(sync.status);
    if (sync.status === 202) {
      let status = 'queued';
      for (let attempt = 0; attempt < 150 && (status === 'queued' || status === 'running'); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await api('GET', `/api/v1/jobs/${sync.json.job_id}`)).json.status;
      }
      expect(status).toBe('succeeded');
    }
    for (const cluster of (await api('GET', '/api/v1/clusters')).json.items) await api('GET', `/api/v1/clusters/${cluster.id}/health?refresh=true`);
    // Who has access: a service account for CI, an SSO group scoped to production, a disabled user.
    const bot = await api('POST', '/api/v1/users', { username: 'release-bot', kind: 'service', role: 'operator' });
    expect(bot.status).toBe(201);
    expect((await api('POST', '/api/v1/role-bindings', { subject_type: 'group', subject: 'platform-oncall', role: 'operator', cluster_selector: 'env=prod', namespaces: ['payments', 'flux-system'] })).status).toBe(201);
    const former = await api('POST', '/api/v1/users', { username: 'sam', display_name: 'Sam (left the team)', kind: 'local', password: 'a long enough password', role: 'viewer' });
    expect((await api('PATCH', `/api/v1/users/${former.json.id}`, { disabled: true })).status).toBe(200);
    // A failing Kustomization on a reachable cluster, as a controller would report it.
    const prod = fleet.cluster('cluster-001');
    createReadyKustomization(prod, 'payments', 'payments-api');
    setReady(prod, 'Kustomization', 'payments', 'payments-api', {
      status: 'False',
      reason: 'HealthCheckFailed',
      message: 'health check failed after 5m0s: timeout waiting for: [Deployment/payments/payments-api status: InProgress]',
    });
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const failing = (await api('GET', '/api/v1/resources?status=failed&q=payments-api')).json.items as Array<{ stale: boolean }>;
      if (failing.some((item) => !item.stale)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    mkdirSync(OUT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await azure?.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`captures the main pages in the ${theme} theme without console errors`, async () => {
      // Client errors are allowed here as in the sign-in tests (a provoked 4xx is logged by Chromium).
      const watched = await openPage(browser, azure.url, { colorScheme: theme, allowClientErrors: true });
      const { page } = watched;
      const refused: string[] = [];
      let signedIn = false;
      page.on('response', (response) => {
        if (signedIn && response.status() >= 400) refused.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      });
      // Every picture: the admin signed in, no "No login" banner.
      const expectSignedIn = async () => {
        await page.getByRole('group').getByLabel('Account: admin').waitFor();
        expect(await page.getByText('No login (AUTH_MODE=none)').count()).toBe(0);
      };
      const shot = async (name: string) => {
        await expectSignedIn();
        await page.screenshot({ path: path.join(OUT_DIR, `${name}-${theme}.png`), fullPage: true, animations: 'disabled' });
      };

      await page.goto('/');
      await signIn(page, 'Dashboard');
      signedIn = true;
      await page.getByRole('table', { name: 'Unhealthy clusters' }).waitFor();
      // Unauthorized, unreachable, no Flux, and prod-eu-west with its failing Kustomization.
      expect(await page.getByRole('table', { name: 'Unhealthy clusters' }).locator('tbody tr').count()).toBe(4);
      await shot('dashboard');

      await page.goto('/clusters');
      await page.locator('tr[data-cluster="prod-eu-west"]').waitFor();
      expect(await page.getByRole('table', { name: 'Clusters' }).locator('tbody tr').count()).toBe(8);
      await shot('clusters');

      await page.goto('/resources');
      await page.getByRole('table', { name: 'Flux objects' }).locator('.dt-body [role="row"]').first().waitFor();
      await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
      await shot('resources');

      await page.goto(`/clusters/${ids['prod-eu-west']}/resources/Kustomization/payments/payments-api`);
      await page.getByRole('table', { name: 'Conditions' }).waitFor();
      await shot('resource-detail');

      await page.goto(`/clusters/${ids['prod-eu-west']}`);
      await page.getByRole('table', { name: 'Health history' }).waitFor();
      await page.getByRole('table', { name: 'Flux objects' }).locator('.dt-body [role="row"]').first().waitFor();
      await page.getByRole('region', { name: 'Sync of Flux objects' }).getByText(/kinds watched/).waitFor();
      await shot('cluster-detail');

      await page.goto('/settings/azure');
      const card = page.locator(`article[data-subscription="${azure.subscription.subscriptionId}"]`);
      await card.getByRole('button', { name: 'Test Connection' }).click();
      await card.getByRole('status', { name: 'Connection test result' }).waitFor();
      await card.getByRole('button', { name: 'Discover Clusters' }).click();
      await card.getByRole('table', { name: 'Discovered AKS clusters' }).waitFor();
      await shot('settings-azure');

      await page.goto('/settings/access');
      await page.getByRole('table', { name: 'Role bindings' }).getByText('platform-oncall').waitFor();
      await shot('settings-access');

      await page.goto('/settings/azure?add=1');
      await page.getByRole('form', { name: 'Add Azure Subscription' }).waitFor();
      await shot('add-azure-subscription');

      await page.goto('/clusters/new');
      await page.getByLabel('Name', { exact: true }).fill('prod-ap-south');
      await page.getByLabel('Kubeconfig', { exact: true }).fill('apiVersion: v1\nkind: Config\nclusters:\n- name: prod-ap-south\n  cluster:\n    server: https://10.0.0.4:6443\n');
      await shot('add-cluster');

      await page.goto('/activity');
      await page.getByRole('table', { name: 'Recent jobs' }).waitFor();
      await shot('activity');

      if (theme === 'light') {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto('/clusters');
        await page.locator('tr[data-cluster="prod-eu-west"]').waitFor();
        await expectSignedIn();
        await page.screenshot({ path: path.join(OUT_DIR, 'clusters-phone-light.png'), animations: 'disabled' });
        await page.goto('/');
        await page.getByRole('table', { name: 'Unhealthy clusters' }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        // Three kinds of connection problems: the header's summary still shows all it says (none cut off).
        const summary = page.getByLabel('Fleet health summary');
        expect(await summary.evaluate((element) => element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1)).toBe(true);
        await expectSignedIn();
        await page.screenshot({ path: path.join(OUT_DIR, 'dashboard-phone-light.png'), animations: 'disabled' });
        await page.goto('/resources?status=failed');
        await page.getByRole('table', { name: 'Flux objects' }).locator('.dt-body [role="row"]').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await expectSignedIn();
        await page.screenshot({ path: path.join(OUT_DIR, 'resources-phone-light.png'), animations: 'disabled' });
      }
      await watched.close();
      expect(watched.errors).toEqual([]);
      expect(watched.serverErrors).toEqual([]);
      expect(refused).toEqual([]);
    });
  }
});
