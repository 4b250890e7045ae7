import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startAzureSetup, type AzureSetup } from './support/azure-fleet.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';

/** The seed's three steps, as a user does them: add (with Test Connection), discover, sync. */
describe('Settings → Azure Subscriptions (the seed flow)', () => {
  let azure: AzureSetup;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    [azure, browser] = await Promise.all([startAzureSetup(), launchBrowser()]);
  });
  afterAll(async () => {
    if (process.env.E2E_DEBUG_DIR && azure) writeFileSync(`${process.env.E2E_DEBUG_DIR}/azure-server.log`, azure.server.output.join(''));
    await browser?.close();
    await azure?.close();
  });
  afterEach(async (context) => {
    if (process.env.E2E_DEBUG_DIR) await watched.page.screenshot({ path: `${process.env.E2E_DEBUG_DIR}/${context.task.name.slice(0, 20)}.png`, fullPage: true });
    await closeExpectingNoErrors(watched);
  });

  async function fillSubscriptionForm(page: Page, secret: string) {
    const form = page.getByRole('form', { name: 'Add Azure Subscription' });
    await form.getByLabel('Name', { exact: true }).fill('Production Subscription');
    await form.getByLabel('Subscription ID', { exact: true }).fill(azure.subscription.subscriptionId);
    await form.getByLabel('Tenant ID', { exact: true }).fill(azure.subscription.tenantId);
    await form.getByLabel('Client ID', { exact: true }).fill(azure.subscription.clientId);
    await form.getByLabel('Client Secret', { exact: true }).fill(secret);
    // The simulator is a private cloud: its endpoints go under the advanced options.
    await form.getByText('Advanced options').click();
    await form.getByLabel('Cloud', { exact: true }).selectOption('custom');
    await form.getByLabel('Authority host', { exact: true }).fill(azure.authorityHost);
    await form.getByLabel('Resource Manager endpoint', { exact: true }).fill(azure.resourceManagerEndpoint);
    // The simulated ARM wants public-cloud tokens, as the real one does.
    await form.getByLabel('Resource Manager audience', { exact: true }).fill('https://management.azure.com');
    return form;
  }

  it('step 1: Test Connection shows the cause and fix for a wrong secret, then adds the subscription', async () => {
    watched = await openPage(browser, azure.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Azure Subscriptions' }).click();
    await page.getByRole('button', { name: '+ Add Azure Subscription' }).first().click();
    const form = await fillSubscriptionForm(page, 'not-the-secret');
    expect(await form.locator('details.advanced').getAttribute('open')).not.toBeNull();

    await form.getByRole('button', { name: 'Test Connection' }).click();
    const failed = form.getByRole('alert', { name: 'Connection test result' });
    await failed.waitFor();
    const failure = (await failed.textContent()) ?? '';
    expect(failure).toContain('Connection failed');
    expect(failure).toMatch(/client secret is wrong/i);
    expect(failure).toMatch(/rotate it here|create a new one/i);

    await form.getByLabel('Client Secret', { exact: true }).fill(azure.subscription.clientSecret);
    // The failed result was about the old secret: an edit takes it off the screen.
    await failed.waitFor({ state: 'detached' });
    await form.getByRole('button', { name: 'Test Connection' }).click();
    const passed = form.getByRole('status', { name: 'Connection test result' });
    await passed.waitFor();
    expect(await passed.textContent()).toContain('Connection works: 3 AKS clusters visible');

    await form.getByRole('button', { name: 'Add Subscription' }).click();
    await page.getByText('Added Production Subscription').waitFor();
    const card = page.locator(`article[data-subscription="${azure.subscription.subscriptionId}"]`);
    await card.getByText('Connected').waitFor();
    expect(await card.textContent()).toContain(azure.subscription.subscriptionId);
  });

  it('step 2: Discover Clusters lists name, resource group, location, version and node count', async () => {
    watched = await openPage(browser, azure.url);
    const { page } = watched;
    await page.goto('/settings/azure');
    const card = page.locator(`article[data-subscription="${azure.subscription.subscriptionId}"]`);
    await card.getByRole('button', { name: 'Discover Clusters' }).click();
    const table = card.getByRole('table', { name: 'Discovered AKS clusters' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Cluster name', 'Resource group', 'Location', 'Kubernetes version', 'Node count', 'Registered']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(azure.subscription.clusters.length);
    const discovered = await page.request.get(`/api/v1/azure/subscriptions/${azure.subscription.subscriptionId}/clusters`).then((response) => response.json());
    for (const cluster of discovered.items) {
      const cells = await table.locator(`tr[data-cluster="${cluster.name}"] td`).allTextContents();
      expect(cells).toEqual([expect.stringContaining(cluster.name), cluster.resource_group, cluster.location, cluster.kubernetes_version ?? '—', String(cluster.node_count), 'Not yet']);
    }
  });

  it('step 3: Sync Clusters shows progress and per-cluster results, and the clusters turn healthy', async () => {
    watched = await openPage(browser, azure.url);
    const { page } = watched;
    await page.goto('/settings/azure');
    const card = page.locator(`article[data-subscription="${azure.subscription.subscriptionId}"]`);
    await card.getByRole('button', { name: 'Discover Clusters' }).click();
    await card.getByRole('table', { name: 'Discovered AKS clusters' }).waitFor();
    await card.getByRole('button', { name: 'Sync Clusters' }).click();

    const results = card.getByRole('table', { name: 'Sync results' });
    await results.waitFor({ timeout: 45_000 });
    const names = azure.subscription.clusters.map((cluster) => cluster.name).sort();
    for (const name of names) expect(await results.locator(`tr[data-cluster="${name}"]`).textContent()).toContain('Created');
    expect(await card.getByLabel('Sync summary').textContent()).toBe(`${names.length} created`);
    // Discovery refreshes after the sync: every cluster is registered now.
    await card.getByRole('table', { name: 'Discovered AKS clusters' }).getByRole('link', { name: 'Registered' }).nth(names.length - 1).waitFor();

    await card.getByRole('link', { name: 'View synced clusters on the Clusters page' }).click();
    const table = page.getByRole('table', { name: 'Clusters' });
    await table.waitFor();
    // Health checks run in the background after the sync; the page shows them on reload.
    await expect
      .poll(
        async () => {
          await page.reload();
          await table.waitFor();
          return table.locator('tbody .badge[data-status="healthy"]').count();
        },
        { timeout: 40_000, interval: 500 },
      )
      .toBe(names.length);
    for (const name of names) {
      const row = table.locator(`tr[data-cluster="${name}"]`);
      expect(await row.textContent()).toContain('AKS');
    }
   }, 120_000);

  it('Activity names the sync by its subscription with its outcome and lists health changes; an AKS cluster’s page downloads its kubeconfig', async () => {
    watched = await openPage(browser, azure.url);
    const { page } = watched;
    await page.goto('/activity');
    const jobs = page.getByRole('table', { name: 'Recent jobs' });
    await jobs.getByText('Azure sync · Production Subscription').first().waitFor();
    const changes = page.getByRole('table', { name: 'Recent changes' });
    await changes.getByText('Azure sync finished').first().waitFor();
    expect(await changes.locator('tr', { hasText: 'Azure sync finished' }).first().textContent()).toContain('Production Subscription');
    const health = page.getByRole('table', { name: 'Health changes' });
    for (const cluster of azure.subscription.clusters) await health.locator(`tr[data-cluster="${cluster.name}"]`).first().waitFor();

    const clusters = await page.request.get('/api/v1/clusters').then((response) => response.json());
    const aks = clusters.items.find((cluster: { source: { type: string } }) => cluster.source.type === 'aks');
    await page.goto(`/clusters/${aks.id}`);
    await page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const dialog = page.getByRole('dialog', { name: `Kubeconfig for ${aks.name}` });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe(`${aks.name}.kubeconfig.yaml`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('kubelogin');
    expect(text).not.toContain(azure.subscription.clientSecret);
    await dialog.waitFor({ state: 'hidden' });
  });

  it('rotates the secret, sets auto-sync and deletes the subscription keeping its clusters', async () => {
    watched = await openPage(browser, azure.url);
    const { page } = watched;
    await page.goto('/settings/azure');
    const card = page.locator(`article[data-subscription="${azure.subscription.subscriptionId}"]`);
    await card.getByRole('button', { name: 'Manage' }).click();
    await card.getByLabel('Auto-sync interval (minutes)', { exact: true }).fill('30');
    await card.getByLabel('New client secret', { exact: true }).fill(azure.subscription.clientSecret);
    await card.getByRole('button', { name: 'Save changes' }).click();
    await card.getByText('Auto-sync every 30 min').waitFor();

    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Production Subscription?' });
    await dialog.getByLabel('Keep them (they stay registered, no longer synced)').check();
    await dialog.getByRole('button', { name: 'Delete subscription' }).click();
    await page.getByText('No Azure subscriptions yet').waitFor();
    const clusters = await page.request.get('/api/v1/clusters').then((response) => response.json());
    expect(clusters.items).toHaveLength(azure.subscription.clusters.length);
  });
});
