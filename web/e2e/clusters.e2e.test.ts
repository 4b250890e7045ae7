import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { startAppServer, type AppServer } from './support/app-server.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';

/** Add a cluster by kubeconfig (a validation error first), see it healthy, edit, filter, delete. */
describe('clusters in the browser', () => {
  let server: AppServer;
  let browser: Browser;
  let cluster: SimulatedCluster;
  let watched: WatchedPage;

  beforeAll(async () => {
    cluster = await startSimulatedCluster(await CertificateAuthority.create(), 'e2e-prod', { fluxVersion: '2.6' });
    server = await startAppServer({ HEALTH_CHECK_TIMEOUT_SECONDS: '5' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cluster?.server.stop();
  });
  afterEach(async () => {
    await closeExpectingNoErrors(watched);
  });

  it('shows the empty state with both ways to add clusters', async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.goto('/clusters');
    await page.getByRole('heading', { name: 'No clusters yet' }).waitFor();
    // Said once: the heading names the state, the text says what to do.
    expect(await page.getByText('No clusters yet').count()).toBe(1);
    await page.getByText('Add a cluster by its kubeconfig, or an Azure subscription').waitFor();
    expect(await page.getByRole('link', { name: 'Add a kubeconfig' }).getAttribute('href')).toBe('/clusters/new');
    expect(await page.getByRole('link', { name: 'Add an Azure subscription' }).getAttribute('href')).toBe('/settings/azure?add=1');
  });

  it('shows a kubeconfig problem at the field, then adds a valid cluster that is healthy', async () => {
    watched = await openPage(browser, server.url, { allowClientErrors: true });
    const { page } = watched;
    await page.goto('/clusters');
    await page.getByRole('link', { name: 'Add cluster' }).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e-prod');
    const unsafe = cluster.kubeconfig().replace(/user:\n(\s+)token: .*/, 'user:\n$1exec:\n$1  apiVersion: client.authentication.k8s.io/v1beta1\n$1  command: /bin/sh');
    expect(unsafe).toContain('command: /bin/sh');
    await page.getByLabel('Kubeconfig', { exact: true }).fill(unsafe);
    await page.getByRole('button', { name: 'Add cluster' }).click();

    const kubeconfigField = page.getByLabel('Kubeconfig', { exact: true });
    const fieldError = page.locator('.field', { has: kubeconfigField }).getByRole('alert');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('exec command "/bin/sh" is not allowed');
    expect(await kubeconfigField.getAttribute('aria-invalid')).toBe('true');

    // The same form, fixed: upload the file instead of pasting.
    await page.getByLabel('Kubeconfig', { exact: true }).fill('');
    await page.getByLabel('Upload kubeconfig file', { exact: true }).setInputFiles({ name: 'e2e-prod.yaml', mimeType: 'text/yaml', buffer: Buffer.from(cluster.kubeconfig()) });
    await page.getByText('Loaded e2e-prod.yaml').waitFor();
    await page.getByLabel('Labels', { exact: true }).fill('env=prod, team=platform');
    await page.getByRole('button', { name: 'Add cluster' }).click();

    await page.getByRole('heading', { name: /e2e-prod/, level: 1 }).waitFor();
    await page.locator('h1 .badge[data-status="healthy"]').waitFor();
    const overview = page.getByRole('region', { name: 'Overview' });
    expect(await overview.textContent()).toContain('v1.32.3');
    expect(await overview.textContent()).toContain('v2.6.4');
    await page.getByRole('table', { name: 'Health history' }).getByText('Healthy').waitFor();
  });

  it('lists the cluster with its details, filters, edits, pins and deletes it', async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.goto('/clusters');
    const row = page.locator('tr[data-cluster="e2e-prod"]');
    await row.waitFor();
    const rowText = await row.textContent();
    for (const expected of ['Healthy', 'v1.32.3', 'v2.6.4', 'Manual', 'env=prod', 'team=platform']) expect(rowText).toContain(expected);
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['Favorite', 'Name', 'Health', 'Versions', 'Source', 'Labels', 'Last check']);

    await page.getByLabel('Search clusters', { exact: true }).fill('team=nobody');
    await page.getByText('No cluster matches').waitFor();
    await page.getByLabel('Search clusters', { exact: true }).fill('team=platform');
    await row.waitFor();
    await page.getByLabel('Filter by health', { exact: true }).selectOption('unhealthy');
    await page.getByText('No cluster matches').waitFor();
    await page.getByLabel('Filter by health', { exact: true }).selectOption('healthy');
    await row.waitFor();
    expect(page.url()).toContain('health=healthy');

    await page.getByRole('button', { name: 'Pin e2e-prod to favorites' }).click();
    await page.getByRole('button', { name: 'Unpin e2e-prod from favorites' }).waitFor();

    await row.getByRole('link', { name: 'e2e-prod' }).click();
    await page.getByRole('button', { name: 'Re-check' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description', { exact: true }).fill('Payments production');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Payments production').waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete e2e-prod?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete cluster' }).click();
    await page.getByRole('heading', { name: 'No clusters yet' }).waitFor();
    expect((await server.api.request('GET', '/api/v1/clusters')).json.items).toEqual([]);
  });
});
