import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setReady } from '../../server/test/support/fleet-fixtures.js';
import { resourceItem } from '../src/api/test-fixtures.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { startFluxFleet, type FluxFleet } from './support/flux-fleet.js';

interface Item {
  id: string;
  cluster_id: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  reason: string;
  message: string;
  status_since: string;
}

/** Scrolls a table from top to bottom in 2 s, frame by frame; frame times and the most rows in the DOM at once. */
const scrollThrough = (element: Element) =>
  new Promise<{ frames: number; p50: number; p95: number; max: number; maxRows: number }>((resolve) => {
    const deltas: number[] = [];
    let maxRows = 0;
    let last = performance.now();
    const start = last;
    element.scrollTop = 0;
    const step = (now: number) => {
      deltas.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, element.querySelectorAll('.dt-body [role="row"]').length);
      const progress = Math.min(1, (now - start) / 2_000);
      element.scrollTop = progress * (element.scrollHeight - element.clientHeight);
      if (progress < 1) requestAnimationFrame(step);
      else {
        const sorted = deltas.slice(1).sort((a, b) => a - b);
        const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
        resolve({ frames: sorted.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted[sorted.length - 1]!), maxRows });
      }
    };
    requestAnimationFrame(step);
  });

/** The fleet UI against the real server and simulated clusters: failures, filters, live changes, actions. */
describe('Flux objects in the browser', () => {
  let fleet: FluxFleet;
  let browser: Browser;
  let watched: WatchedPage;

  const items = async (query: string): Promise<Item[]> => (await fleet.server.api.request('GET', `/api/v1/resources?limit=1000&${query}`)).json.items;
  const row = (page: Page, item: Pick<Item, 'kind' | 'namespace' | 'name' | 'cluster'>) => page.locator(`[role="row"][data-object="${item.kind}/${item.namespace}/${item.name}"][data-cluster="${item.cluster}"]`);

  beforeAll(async () => {
    [fleet, browser] = await Promise.all([startFluxFleet({ clusters: 2, objects: 30 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await fleet?.close();
  });
  afterEach(async () => {
    await closeExpectingNoErrors(watched);
  });

  it('shows the fleet’s failing objects with their reasons, on the dashboard and the Resources page', async () => {
    const failing = await items('status=failed');
    expect(failing.length).toBeGreaterThan(0);
    watched = await openPage(browser, fleet.url);
    const { page } = watched;

    await page.goto('/');
    const failingNow = page.getByRole('table', { name: 'Failing Flux objects' });
    await failingNow.waitFor();
    expect(await failingNow.locator('tbody tr').count()).toBe(Math.min(failing.length, 10));
    expect(await failingNow.textContent()).toContain(failing[0]!.reason);
    await page.getByRole('link', { name: `${failing.length} Failed`, exact: true }).click();

    await page.getByRole('heading', { name: 'Resources' }).waitFor();
    expect(new URL(page.url()).search).toBe('?status=failed');
    const table = page.getByRole('table', { name: 'Flux objects' });
    await table.waitFor();
    for (const item of failing) {
      const found = row(page, item);
      await found.waitFor();
      const text = (await found.textContent()) ?? '';
      expect(text).toContain('Failed');
      expect(text).toContain(item.reason);
      expect(text).toContain(item.message.slice(0, 30));
    }
    expect(await table.locator('.dt-body [role="row"]').count()).toBe(failing.length);
    const toggle = page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^Failed/ });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await toggle.textContent()).toBe(`Failed${failing.length}`);
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();

    // A row opens its object: a click on it (here its reason), or Enter on the focused row.
    const first = failing[0]!;
    const objectPath = `/clusters/${first.cluster_id}/resources/${first.kind}/${first.namespace}/${first.name}`;
    // (The reason shown: a phone shows it in the name's cell instead.)
    await row(page, first).getByText(first.reason, { exact: true }).filter({ visible: true }).click();
    await page.waitForURL((url) => url.pathname === objectPath);
    await page.getByRole('heading', { name: first.name, level: 1 }).waitFor();
    await page.goBack();
    await row(page, first).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === objectPath);
    await page.goBack();
    // The checkbox still only selects.
    await row(page, first).getByRole('checkbox').check();
    expect(new URL(page.url()).pathname).toBe('/resources');
    await page.getByRole('region', { name: 'Bulk actions' }).getByText('1 selected').waitFor();
  });

  it('keeps the filter in the URL, and the back button restores the previous filter', async () => {
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Resources' }).click();
    const table = page.getByRole('table', { name: 'Flux objects' });
    await table.waitFor();
    const all = (await fleet.server.api.request('GET', '/api/v1/resources?limit=1')).json.total as number;
    expect(await table.getAttribute('aria-rowcount')).toBe(String(all + 1));

    // Facet counts beside the values, several values per filter.
    const kinds = page.getByRole('button', { name: /^Filter by kind:/ });
    await kinds.click();
    const kindValues = page.getByRole('group', { name: 'Kind values' });
    const kustomizations = (await items('kind=Kustomization')).length;
    expect(await kindValues.locator('label', { hasText: 'Kustomization' }).first().textContent()).toBe(`Kustomization${kustomizations}`);
    await page.keyboard.press('Escape');
    await kindValues.waitFor({ state: 'detached' });

    await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^Failed/ }).click();
    await page.waitForURL(/\?status=failed$/);
    await kinds.click();
    await kindValues.getByRole('checkbox', { name: /^Kustomization\s*\d/ }).check();
    await page.waitForURL(/\?kind=Kustomization&status=failed$/);
    await page.keyboard.press('Escape');
    const failedKustomizations = await items('kind=Kustomization&status=failed');
    await page.waitForFunction((count) => document.querySelectorAll('[aria-label="Flux objects"] .dt-body [role="row"]').length === count, failedKustomizations.length);
    for (const kind of await table.locator('.dt-body [role="row"]').evaluateAll((rows) => rows.map((element) => element.getAttribute('data-object')?.split('/')[0]))) expect(kind).toBe('Kustomization');

    await page.goBack();
    await page.waitForURL(/\?status=failed$/);
    expect(await kinds.getAttribute('aria-label')).toBe('Filter by kind: all');
    const failed = await items('status=failed');
    await page.waitForFunction((count) => document.querySelectorAll('[aria-label="Flux objects"] .dt-body [role="row"]').length === count, failed.length);

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/resources' && url.search === '');
    expect(await table.getAttribute('aria-rowcount')).toBe(String(all + 1));

    // Text search lands in the URL once typing pauses, and a shared link restores it.
    const target = failed[0]!;
    await page.getByLabel('Search Flux objects', { exact: true }).fill(target.name);
    await page.waitForURL(new RegExp(`q=${target.name}`));
    await row(page, target).waitFor();
    await page.reload();
    expect(await page.getByLabel('Search Flux objects', { exact: true }).inputValue()).toBe(target.name);
    await row(page, target).waitFor();
  });

  it('offers the downloads of the filters shown, and none when nothing matches, saying why', async () => {
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    const failed = (await items('status=failed')).length;
    await page.goto('/resources?status=failed');
    await page.getByRole('table', { name: 'Flux objects' }).waitFor();
    await page.getByText(`Download the ${failed === 1 ? 'object' : `${failed} objects`} of these filters:`).waitFor();
    expect(await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href')).toMatch(/^\/api\/v1\/resources\/export\?format=csv&.*status=failed/);

    await page.getByLabel('Search Flux objects', { exact: true }).fill('no-object-is-named-like-this');
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
    const reason = page.getByText('Nothing to download: no object matches these filters.');
    await reason.waitFor();
    expect(await page.getByRole('link', { name: /^(CSV|JSON)$/ }).count()).toBe(0);
    for (const name of ['CSV', 'JSON']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isDisabled()).toBe(true);
      // The reason is the disabled button's description, for screen readers too.
      expect(await button.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    }
    // A filter that matches again brings them back.
    await page.goBack();
    await page.getByRole('link', { name: 'CSV', exact: true }).waitFor();
  });

  it('filters by several clusters, kinds and cluster labels, keeps them in the URL and restores them on reload', async () => {
    const [first, second] = [fleet.ids['e2e-001']!, fleet.ids['e2e-002']!];
    await fleet.server.api.request('PATCH', `/api/v1/clusters/${second}`, { labels: { env: 'prod' } });
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/resources');
    const table = page.getByRole('table', { name: 'Flux objects' });
    await table.waitFor();
    const clusters = page.getByRole('button', { name: /^Filter by cluster:/ });
    await clusters.click();
    const clusterValues = page.getByRole('group', { name: 'Cluster values' });
    await clusterValues.getByRole('checkbox', { name: /^e2e-001\s*\d/ }).check();
    await clusterValues.getByRole('checkbox', { name: /^e2e-002\s*\d/ }).check();
    await page.waitForURL(new RegExp(`cluster=${first},${second}$`));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Filter by kind:/ }).click();
    const kindValues = page.getByRole('group', { name: 'Kind values' });
    await kindValues.getByRole('checkbox', { name: /^Kustomization\s*\d/ }).check();
    await kindValues.getByRole('checkbox', { name: /^HelmRelease\s*\d/ }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL(/kind=Kustomization,HelmRelease/);
    const both = await items(`cluster=${first},${second}&kind=Kustomization,HelmRelease`);
    await page.waitForFunction((count) => document.querySelector('[aria-label="Flux objects"]')?.getAttribute('aria-rowcount') === String(count + 1), both.length);

    // Cluster labels narrow it to the prod cluster; Enter applies.
    await page.getByLabel(/^Cluster labels/).fill('env=prod');
    await page.getByLabel(/^Cluster labels/).press('Enter');
    await page.waitForURL(/cluster_selector=env=prod/);
    const prod = await items(`cluster=${first},${second}&kind=Kustomization,HelmRelease&cluster_selector=env=prod`);
    expect(prod.length).toBeGreaterThan(0);
    expect(prod.every((item) => item.cluster === 'e2e-002')).toBe(true);
    await page.waitForFunction((count) => document.querySelector('[aria-label="Flux objects"]')?.getAttribute('aria-rowcount') === String(count + 1), prod.length);

    await page.reload();
    await table.waitFor();
    expect(await page.getByLabel(/^Cluster labels/).inputValue()).toBe('env=prod');
    expect(await page.getByRole('button', { name: /^Filter by kind:/ }).getAttribute('aria-label')).toBe('Filter by kind: Kustomization, HelmRelease');
    await page.waitForFunction((count) => document.querySelector('[aria-label="Flux objects"]')?.getAttribute('aria-rowcount') === String(count + 1), prod.length);
    for (const cluster of await table.locator('.dt-body [role="row"]').evaluateAll((rows) => rows.map((element) => element.getAttribute('data-cluster')))) expect(cluster).toBe('e2e-002');
    await fleet.server.api.request('PATCH', `/api/v1/clusters/${second}`, { labels: {} });
  });

  it('shows a cluster’s page: health, its Flux objects in the shared table, and the watch per kind', async () => {
    const clusterId = fleet.ids['e2e-001']!;
    const own = await items(`cluster=${clusterId}`);
    const failed = own.filter((item) => item.status === 'failed');
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/clusters/${clusterId}`);
    await page.getByRole('heading', { name: 'e2e-001', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Health history' }).waitFor();
    const table = page.getByRole('table', { name: 'Flux objects' });
    await table.waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe(String(own.length + 1));
    // No cluster filters on a cluster's own page; the status filter stays in its URL.
    expect(await page.getByRole('button', { name: /^Filter by cluster:/ }).count()).toBe(0);
    await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^Failed/ }).click();
    await page.waitForURL((url) => url.pathname === `/clusters/${clusterId}` && url.search === '?status=failed');
    await page.waitForFunction((count) => document.querySelector('[aria-label="Flux objects"]')?.getAttribute('aria-rowcount') === String(count + 1), failed.length);

    const sync = page.getByRole('region', { name: 'Sync of Flux objects' });
    await sync.getByText('Synced', { exact: true }).waitFor();
    // The sync card keeps the cards' gap from the objects' card (the closed bulk dialog between them does not glue them).
    const objectsCard = await page.locator('.card', { has: table }).boundingBox();
    const syncCard = await sync.boundingBox();
    expect(syncCard!.y - (objectsCard!.y + objectsCard!.height)).toBeGreaterThanOrEqual(16);
    await sync.getByText(/\d+ of \d+ kinds watched/).click();
    await sync.getByRole('table', { name: 'Sync state per kind' }).locator('tr[data-kind="Kustomization"]').getByText('Watching').waitFor();
    // Manual clusters have no kubeconfig download (that is for clusters synced from Azure).
    expect(await page.getByRole('button', { name: 'Download kubeconfig' }).count()).toBe(0);
  });

  it('shows a renamed cluster’s new name on an open dashboard without a reload', async () => {
    const clusterId = fleet.ids['e2e-002']!;
    const failing = (await items(`cluster=${clusterId}&status=failed`))[0];
    expect(failing).toBeDefined();
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    const clusterRows = page.getByRole('table', { name: 'Unhealthy clusters' }).or(page.getByRole('table', { name: 'Other clusters' }));
    await clusterRows.first().getByRole('link', { name: 'e2e-002', exact: true }).waitFor();
    await fleet.server.api.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: 'e2e-002-renamed' });
    try {
      await page.getByRole('main').getByRole('link', { name: 'e2e-002-renamed', exact: true }).first().waitFor({ timeout: 5_000 });
      await page.waitForFunction(() => ![...document.querySelectorAll('main a')].some((link) => link.textContent === 'e2e-002'), undefined, { timeout: 5_000 });
    } finally {
      await fleet.server.api.request('PATCH', `/api/v1/clusters/${clusterId}`, { name: 'e2e-002' });
    }
  });

  it('shows a status change written in a cluster within two seconds, without a reload', async () => {
    const cluster = fleet.fleet.cluster('e2e-001');
    const clusterId = fleet.ids['e2e-001']!;
    const target = (await items(`cluster=${clusterId}&kind=Kustomization&status=ready`))[0]!;
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/resources');
    const targetRow = row(page, target);
    // Unfiltered and sorted by status: it is among the ready ones; search narrows to it.
    await page.getByLabel('Search Flux objects', { exact: true }).fill(target.name);
    await targetRow.waitFor();
    expect(await targetRow.getAttribute('data-status')).toBe('ready');
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const started = Date.now();
    setReady(cluster, 'Kustomization', target.namespace, target.name, { status: 'False', reason: 'E2EInjectedFailure', message: 'dry-run failed: injected by the browser test' });
    await page.locator(`[role="row"][data-object="Kustomization/${target.namespace}/${target.name}"][data-status="failed"]`).waitFor({ timeout: 5_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    expect(await targetRow.textContent()).toContain('E2EInjectedFailure');
    await expect.poll(() => page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^Failed/ }).textContent()).not.toBe('Failed0');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    console.warn(`[measure] status change in the simulated cluster → row shows it: ${elapsed} ms`);

    // The dashboard's "Failing now" has it too (newest failure first).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const failingNow = page.getByRole('table', { name: 'Failing Flux objects' });
    await failingNow
      .locator(`tr[data-object="Kustomization/${target.namespace}/${target.name}"]`)
      .waitFor({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        // Say what the server and the page had, so a failure here explains itself.
        const server = (await items('status=failed')).slice(0, 10).map((item) => `${item.kind}/${item.namespace}/${item.name}@${item.status_since}`);
        const shown = await failingNow.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => tr.getAttribute('data-object')));
        const card = await page.locator('section[aria-labelledby="failing-title"]').textContent().catch(() => null);
        const main = (await page.getByRole('main').textContent().catch(() => null))?.slice(0, 400);
        console.warn(`[diagnostics] url ${page.url()}; main: ${main}; errors: ${watched.errors.join(' | ')}`);
        throw new Error(`${String(error)}\nserver's first failing: ${server.join(', ')}\npage shows: ${shown.join(', ')}\n"Failing now" reads: ${card}`);
      });
  });

  it('tells an open dashboard when something new fails, with a link to it', async () => {
    const cluster = fleet.fleet.cluster('e2e-001');
    const clusterId = fleet.ids['e2e-001']!;
    const target = (await items(`cluster=${clusterId}&kind=GitRepository&status=ready`)).at(-1)!;
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('table', { name: 'Failing Flux objects' }).waitFor();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    // What was failing when the page opened is not news.
    expect(await page.getByRole('status', { name: 'New failures' }).count()).toBe(0);
    setReady(cluster, 'GitRepository', target.namespace, target.name, { status: 'False', reason: 'E2ENewFailure', message: 'authentication required: injected by the browser test' });
    const notice = page.getByRole('status', { name: 'New failures' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(`${target.name} on e2e-001 (E2ENewFailure)`);
    await notice.getByRole('link', { name: target.name }).click();
    await page.getByRole('heading', { name: target.name }).waitFor();
    setReady(cluster, 'GitRepository', target.namespace, target.name, { status: 'True', reason: 'Succeeded', message: 'stored artifact: recovered' });
  });

  it('reconciles from the detail page and shows the outcome when it lands', async () => {
    const clusterId = fleet.ids['e2e-002']!;
    const target = (await items(`cluster=${clusterId}&kind=HelmRelease&status=failed`))[0] ?? (await items(`cluster=${clusterId}&kind=Kustomization`))[0]!;
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/resources?cluster=${clusterId}&q=${target.name}`);
    await row(page, target).getByRole('link', { name: target.name, exact: true }).click();

    await page.getByRole('heading', { name: target.name }).waitFor();
    expect(page.url()).toContain(`/clusters/${clusterId}/resources/${target.kind}/${target.namespace}/${target.name}`);
    const status = page.getByRole('region', { name: 'Status', exact: true });
    expect(await status.textContent()).toContain(target.reason);
    await page.getByRole('table', { name: 'Conditions' }).getByText('Ready', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Source and dependencies' }).getByRole('list', { name: 'Source' }).waitFor();
    expect(await page.getByLabel('The live object as YAML').textContent()).toContain(`name: ${target.name}`);

    const before = (await fleet.server.api.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=${target.kind}&q=${target.name}`)).json.items[0].last_handled_reconcile_at;
    await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Reconcile' }).click();
    const outcome = page.getByRole('status', { name: 'Action outcome' });
    await outcome.waitFor({ timeout: 20_000 });
    const result = await outcome.getAttribute('data-outcome');
    expect(['ready', 'failed']).toContain(result);
    expect(await outcome.textContent()).toMatch(result === 'ready' ? /ready/i : /fails/);
    // The page shows the handled request (live), newer than before, as a time like the page's others.
    const handled = await status.locator('[data-field="last-handled-reconcile"] time').getAttribute('datetime');
    expect(handled).not.toBe(before);
    expect(Date.parse(handled!)).toBeGreaterThan(before ? Date.parse(before) : 0);
    // The status changes follow without a reload: the newest one ends in the status shown now
    // (e.g. "Progressing → Failed" after "Failed → Progressing"), also for a change made in the
    // cluster while the page is open (the server writes it down about a second after the stream
    // reports it, so a page that only read it again showed the change before).
    const newestChange = () =>
      page.evaluate(() => ({
        now: document.querySelector('section[aria-labelledby="status-title"] dd .badge')?.getAttribute('data-status'),
        newest: [...document.querySelectorAll('ol[aria-label="Status changes"] > li:first-child .badge')].map((badge) => badge.getAttribute('data-status')).join('→'),
      }));
    await expect.poll(async () => { const { now, newest } = await newestChange(); return newest === '' || newest.endsWith(`→${now}`) || newest === now; }).toBe(true);
    const shown = (await newestChange()).now;
    const flipped = shown === 'failed' ? { status: 'True' as const, reason: 'E2EHealed', message: 'healed by the browser test', badge: 'ready' } : { status: 'False' as const, reason: 'E2EBroken', message: 'broken by the browser test', badge: 'failed' };
    setReady(fleet.fleet.cluster('e2e-002'), target.kind, target.namespace, target.name, flipped);
    await expect.poll(newestChange, { timeout: 10_000 }).toEqual({ now: flipped.badge, newest: `${shown}→${flipped.badge}` });
    const audit = (await fleet.server.api.request('GET', '/api/v1/audit')).json.items as Array<{ action: string; target: string }>;
    expect(audit.some((entry) => entry.action === 'flux.reconcile' && entry.target.endsWith(`/${target.kind}/${target.namespace}/${target.name}`))).toBe(true);
  });

  it('reconciles selected rows in bulk and shows each object’s result', async () => {
    const clusterId = fleet.ids['e2e-001']!;
    const targets = (await items(`cluster=${clusterId}&kind=GitRepository&status=ready`)).slice(0, 2);
    expect(targets).toHaveLength(2);
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/resources?cluster=${clusterId}&kind=GitRepository&status=ready`);
    for (const target of targets) await page.getByRole('checkbox', { name: `Select GitRepository ${target.namespace}/${target.name} on e2e-001`, exact: true }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    expect(await bar.textContent()).toContain('2 selected');
    await bar.getByRole('button', { name: 'Reconcile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reconcile 2 objects?' });
    // The server's plan (a dry run) is exactly the two rows, so it runs as one job.
    const plan = dialog.getByLabel('Plan', { exact: true });
    for (const target of targets) await plan.locator(`li[data-object="GitRepository/${target.namespace}/${target.name}"]`).waitFor();
    await dialog.getByRole('button', { name: 'Reconcile 2', exact: true }).click();
    await dialog.getByRole('button', { name: 'Close' }).waitFor();
    await dialog.locator('p[data-finished]').waitFor();
    expect(await dialog.locator('p[data-finished]').textContent()).toContain('Finished: 2 succeeded, 0 failed.');
    for (const target of targets) expect(await dialog.locator(`li[data-object="GitRepository/${target.namespace}/${target.name}"]`).getAttribute('data-result')).toBe('ok');
    const audit = (await fleet.server.api.request('GET', '/api/v1/audit')).json.items as Array<{ action: string; detail: { total?: number } }>;
    expect(audit.find((entry) => entry.action === 'bulk.action')?.detail.total).toBe(2);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await bar.waitFor({ state: 'detached' });
  });

  it('renders only the rows in view of 50,000 objects and scrolls them (measured)', async () => {
    const TOTAL = 50_000;
    // The first page is 1,000 (the baseline), then 7 pages of 7,000.
    const FIRST = 1_000;
    const PAGE = 7_000;
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    let releaseMore!: () => void;
    const baselineDone = new Promise<void>((resolve) => (releaseMore = resolve));
    // The server's pages, made up: 50,000 objects without a cluster holding them.
    await page.route(/\/api\/v1\/resources\?/, async (route) => {
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get('cursor') ?? '0');
      // More pages only after the baseline, which scrolls 1,000 rows.
      if (offset > 0) await baselineDone;
      const count = Math.min(offset === 0 ? FIRST : PAGE, TOTAL - offset);
      const items = Array.from({ length: count }, (_, i) => {
        const n = offset + i;
        const status = n % 10 === 0 ? 'failed' : 'ready';
        return resourceItem({
          id: `synthetic/Kustomization/ns-${n % 50}/app-${n}`,
          cluster_id: 'synthetic',
          cluster: `cluster-${n % 20}`,
          namespace: `ns-${n % 50}`,
          name: `app-${n}`,
          status,
          reason: status === 'failed' ? 'BuildFailed' : 'ReconciliationSucceeded',
          message: `Applied revision: main@sha1:${n.toString(16).padStart(8, '0')}`,
          revision: `main@sha1:${n.toString(16)}`,
          status_since: new Date(Date.now() - n * 1000).toISOString(),
          updated_at: new Date().toISOString(),
        });
      });
      const next = offset + count < TOTAL ? String(offset + count) : null;
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ items, next_cursor: next, total: TOTAL, facets: { cluster: {}, kind: { Kustomization: TOTAL }, namespace: {}, status: { failed: TOTAL / 10, ready: TOTAL - TOTAL / 10 } } }) });
    });
    await page.goto('/resources');
    const table = page.getByRole('table', { name: 'Flux objects' });
    await table.waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe(String(TOTAL + 1));

    await page.getByText('1000 of 50000 loaded; scroll for more').waitFor();
    expect(await table.locator('.dt-body').evaluate((body) => (body as HTMLElement).offsetHeight)).toBe(FIRST * 52);
    // Best of three: other test files share the CPUs, and a busy moment only slows a run down.
    const bestOf = async () => {
      const runs = [];
      for (let run = 0; run < 3; run += 1) runs.push(await table.evaluate(scrollThrough));
      return runs.sort((a, b) => a.p50 - b.p50)[0]!;
    };
    const baseline = await bestOf();
    releaseMore();
    await table.evaluate((element) => element.scrollTo({ top: 0 }));

    // Scroll to the end page by page.
    const loadStarted = Date.now();
    for (let loaded = FIRST; loaded < TOTAL; loaded += PAGE) {
      await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await page.waitForFunction(
        ([count]) => (document.querySelector('[aria-label="Flux objects"] .dt-body') as HTMLElement).offsetHeight >= count! * 52,
        [loaded + PAGE],
      );
    }
    const loadMs = Date.now() - loadStarted;
    await page.getByText(`All ${TOTAL} shown`).waitFor();

    const measure = await bestOf();
    console.warn(
      `[measure] scrolling through 1,000 rows in 2 s: ${baseline.frames} frames, p50 ${baseline.p50} ms, p95 ${baseline.p95} ms, at most ${baseline.maxRows} rows in the DOM; ` +
        `50,000 rows (loaded 7 more pages in ${loadMs} ms): ${measure.frames} frames, p50 ${measure.p50} ms, p95 ${measure.p95} ms, max ${measure.max} ms, at most ${measure.maxRows} rows in the DOM`,
    );
    expect(measure.maxRows).toBeLessThan(60);
    // A frame costs what the rows in view cost, not what is loaded: 50× the rows, about the same
    // frame time (machine load varies, so the bound is relative; O(rows) work per frame gave 3×).
    expect(measure.p50).toBeLessThan(baseline.p50 * 2 + 40);
    await page.getByText('app-49999', { exact: true }).waitFor();
  }, 180_000);

  it('shows the last known state of an object whose cluster went down, saying why, without the YAML or actions', async () => {
    const clusterId = fleet.ids['e2e-002']!;
    const target = (await items(`cluster=${clusterId}&kind=Kustomization`))[0]!;
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    // The page is open, live, when the cluster goes: it must come to what a reload would show.
    await page.goto(`/clusters/${clusterId}/resources/Kustomization/${target.namespace}/${target.name}`);
    await page.getByLabel('The live object as YAML').waitFor();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    expect(await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: /Reconcile/ }).isDisabled()).toBe(false);
    await fleet.fleet.cluster('e2e-002').api.closePort();
    const notice = page.getByRole('status', { name: 'Cluster unreachable' });
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toMatch(/Cluster e2e-002 is unreachable: (connection refused|the connection to the API server was reset)/);
    const status = page.getByRole('region', { name: 'Status', exact: true });
    await status.waitFor();
    expect(await status.textContent()).toContain(target.reason);
    // The last known state is marked stale at once; YAML and actions need the cluster.
    await page.locator('h1 .stale-chip').waitFor();
    await page.getByText('The YAML needs the cluster').waitFor();
    await page.getByText('Conditions need the cluster').waitFor();
    expect(await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: /Reconcile/ }).isDisabled()).toBe(true);
    await page.getByRole('region', { name: 'Actions' }).getByText('Actions need the cluster').waitFor();
    // A reload shows the same.
    await page.reload();
    await notice.waitFor({ timeout: 20_000 });
    await page.getByText('The YAML needs the cluster').waitFor();
    // The detail answered 200 (live: false): no request failed.
    expect(watched.serverErrors).toEqual([]);
    expect(watched.errors).toEqual([]);
  });
});
