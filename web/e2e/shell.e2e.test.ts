import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';
import { startAppServer, type AppServer } from './support/app-server.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { startSimulatedCluster, type SimulatedCluster } from '@flux-orchestrator/sim/testing';

/** The lines a link's text is laid out in (where the browser wrapped it). */
function renderedLines(link: HTMLElement): string[] {
  const text = link.firstChild as Text;
  const range = document.createRange();
  const found: string[] = [];
  let line = '';
  let top: number | undefined;
  for (let i = 0; i < text.length; i += 1) {
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const y = Math.round(range.getBoundingClientRect().top);
    if (top !== undefined && Math.abs(y - top) > 2) {
      found.push(line);
      line = '';
    }
    top = y;
    line += text.data.charAt(i);
  }
  return [...found, line];
}

/** The app shell: every page loads cleanly, themes are remembered, a phone can use it. */
describe('app shell in the browser', () => {
  let server: AppServer;
  let browser: Browser;
  let cluster: SimulatedCluster;
  let clusterId: string;
  let watched: WatchedPage;

  beforeAll(async () => {
    [cluster, server, browser] = await Promise.all([
      CertificateAuthority.create().then((ca) => startSimulatedCluster(ca, 'shell-cluster')),
      startAppServer({ HEALTH_CHECK_TIMEOUT_SECONDS: '5' }),
      launchBrowser(),
    ]);
    const created = await server.api.request('POST', '/api/v1/clusters', { name: 'shell-cluster', kubeconfig: cluster.kubeconfig(), labels: { env: 'prod' } });
    expect(created.status).toBe(201);
    clusterId = created.json.id;
    expect((await server.api.request('GET', `/api/v1/clusters/${clusterId}/health?refresh=true`)).json.health.status).toBe('healthy');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cluster?.server.stop();
  });
  afterEach(async () => {
    await closeExpectingNoErrors(watched);
  });

  it('loads every page with a heading and no console errors', async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    const pages: Array<[string, string]> = [
      ['/', 'Dashboard'],
      ['/resources', 'Resources'],
      ['/clusters', 'Clusters'],
      ['/clusters/new', 'Add cluster'],
      [`/clusters/${clusterId}`, 'shell-cluster'],
      [`/clusters/${clusterId}/graph?status=failed`, 'Dependency graph'],
      ['/matrix', 'Matrix'],
      ['/matrix?kind=Kustomization', 'Kustomization per cluster'],
      ['/events', 'Events'],
      ['/settings', 'Settings'],
      ['/settings/azure', 'Settings'],
      ['/activity', 'Activity'],
      ['/no/such/page', 'Page not found'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      // Each page has its own tab title (history, tabs and screen readers tell them apart by it).
      const title = await page.title();
      expect(title.endsWith(' · Flux Orchestrator'), `${path}: ${title}`).toBe(true);
      if (!path.startsWith(`/clusters/${clusterId}`) && !path.startsWith('/matrix?') && !path.startsWith('/settings/')) expect(title).toBe(`${heading} · Flux Orchestrator`);
    }
    // The header summary counts the fleet on every page: connections and Flux, each on its own.
    expect(await page.getByLabel('Fleet health summary').textContent()).toBe('1 clusterConnections: 1 okFlux: nothing failing');
    // The dashboard shows the cluster among the healthy ones.
    await page.goto('/');
    await page.getByRole('table', { name: 'Other clusters' }).getByRole('link', { name: 'shell-cluster' }).waitFor();
    expect(await page.getByText('Nothing needs attention').count()).toBe(1);
  });

  it('pages back through the recent changes (Activity) with Load older', async () => {
    // More changes than the first page holds (50): each edit of the cluster is audited.
    for (let n = 0; n < 55; n += 1) expect((await server.api.request('PATCH', `/api/v1/clusters/${clusterId}`, { description: `edit ${n}` })).status).toBe(200);
    const total = (await server.api.request('GET', '/api/v1/audit?limit=500')).json.items.length as number;
    expect(total).toBeGreaterThan(55);
    watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.goto('/activity');
    const rows = page.getByRole('table', { name: 'Recent changes' }).locator('tbody tr');
    await page.getByRole('button', { name: 'Load older (50 shown)' }).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('Cluster edited');
    await page.getByRole('button', { name: /^Load older/ }).click();
    await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="Recent changes"] tbody tr').length === count, Math.min(total, 100));
    if (total <= 100) await page.getByText(`All ${total} changes shown`).waitFor();
    // A change made elsewhere shows without a reload (the live stream says the cluster changed).
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    expect((await server.api.request('PATCH', `/api/v1/clusters/${clusterId}`, { description: 'edited while Activity is open' })).status).toBe(200);
    await page.waitForFunction((count) => document.querySelectorAll('table[aria-label="Recent changes"] tbody tr').length === count, Math.min(total, 100) + 1);
  });

  it('follows the system theme, switches, and remembers the choice across reloads', async () => {
    watched = await openPage(browser, server.url, { colorScheme: 'dark' });
    const { page } = watched;
    await page.goto('/clusters');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    expect(await theme()).toBe('dark');
    await page.getByRole('button', { name: /^Theme: System/ }).click();
    expect(await theme()).toBe('light');
    await page.reload();
    await page.getByRole('button', { name: /^Theme: Light/ }).waitFor();
    expect(await theme()).toBe('light');
    expect(await page.evaluate(() => localStorage.getItem('fo.theme'))).toBe('light');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByRole('button', { name: /^Theme: Light/ }).click();
    expect(await theme()).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(background);
    // Settings → General offers the same choice as radio buttons.
    await page.goto('/settings/general');
    expect(await page.getByLabel('Dark', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Same as the system', { exact: true }).check();
    expect(await page.evaluate(() => localStorage.getItem('fo.theme'))).toBeNull();
  });

  it('collapses the navigation on a phone and keeps the clusters usable', async () => {
    watched = await openPage(browser, server.url, { viewport: { width: 390, height: 844 } });
    const { page } = watched;
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await nav.isVisible()).toBe(true);
    await nav.getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    expect(await nav.isVisible()).toBe(false);

    const row = page.locator('tr[data-cluster="shell-cluster"]');
    expect(await row.getByText('Healthy').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await row.getByRole('link', { name: 'shell-cluster' }).click();
    await page.getByRole('button', { name: 'Re-check' }).waitFor();
  });

  it('is usable from the keyboard: skip link, visible focus, real buttons', async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    await page.goto('/clusters');
    await page.getByRole('table', { name: 'Clusters' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return { text: element.textContent, outline: getComputedStyle(element).outlineStyle };
    });
    expect(focused.text).toContain('Add cluster');
    expect(focused.outline).toBe('solid');

    // The account menu opens from the keyboard, and Escape closes it with the focus back on its button.
    const account = page.locator('summary[aria-label^="Account"]');
    await account.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('.user-menu-panel');
    await panel.waitFor();
    await panel.getByRole('link', { name: 'API tokens' }).focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await account.evaluate((element) => element === document.activeElement)).toBe(true);
  });
  it('fits every table in its card at 1280×800 and on a phone, with a down cluster’s reason in full, and serves its scripts precompressed', async () => {
    // A second cluster that is down: nothing listens at its address.
    const down = await server.api.request('POST', '/api/v1/clusters', {
      name: 'shell-down-westeuropestaging',
      kubeconfig: cluster.kubeconfig().replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'),
      labels: { 'azure.location': 'westeurope', 'azure.resource-group': 'rg-fleet-with-a-long-name', team: 'platform' },
    });
    expect(down.status).toBe(201);
    try {
      expect((await server.api.request('GET', `/api/v1/clusters/${down.json.id}/health?refresh=true`)).json.health.status).toBe('unreachable');
      const overflowing = () =>
        [...document.querySelectorAll('table')].filter((table) => table.scrollWidth > (table.parentElement as HTMLElement).clientWidth + 1).map((table) => table.getAttribute('aria-label'));
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        watched = await openPage(browser, server.url, { viewport });
        const { page } = watched;
        const scripts: Array<{ url: string; encoding: string | undefined; vary: string | undefined; cache: string | undefined }> = [];
        page.on('response', (response) => {
          if (response.url().endsWith('.js')) scripts.push({ url: response.url(), encoding: response.headers()['content-encoding'], vary: response.headers()['vary'], cache: response.headers()['cache-control'] });
        });
        for (const path of ['/', '/clusters', '/activity', `/clusters/${down.json.id}`]) {
          await page.goto(path);
          await page.locator('table').first().waitFor();
          expect({ path, viewport: viewport.width, overflowing: await page.evaluate(overflowing) }).toEqual({ path, viewport: viewport.width, overflowing: [] });
          if (path === '/') {
            // The seven cluster tiles fill whole rows (none left alone on one).
            const rows = await page.locator('.cluster-stats > *').evaluateAll((tiles) => {
              const byTop = new Map<number, number>();
              for (const tile of tiles) byTop.set(Math.round(tile.getBoundingClientRect().top), (byTop.get(Math.round(tile.getBoundingClientRect().top)) ?? 0) + 1);
              return [...byTop.values()];
            });
            expect(rows).toEqual(viewport.width === 390 ? [1, 2, 2, 2] : [7]);
          }
        }
        await page.goto('/clusters');
        const reason = page.locator('tr[data-cluster="shell-down-westeuropestaging"] .health-cell .cell-sub');
        await reason.waitFor();
        expect(await reason.textContent()).toContain('connection refused');
        // On a phone the reason is the point of the row: shown whole (it wraps), not cut off.
        if (viewport.width === 390) {
          expect(await reason.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
          // Beside it the name wraps after its hyphens ("shell-down-" / "westeuropestaging"), never inside a word.
          const lines = await page.locator('tr[data-cluster="shell-down-westeuropestaging"] .cluster-name').evaluate(renderedLines);
          expect(lines.length).toBeGreaterThan(1);
          for (const line of lines.slice(0, -1)) expect(line).toMatch(/-$/);
        } else {
          expect(await reason.getAttribute('title')).toContain('connection refused');
          // Label chips shorten their keys first: a short value such as "westeurope" is read in full.
          const location = page.locator('tr[data-cluster="shell-down-westeuropestaging"] .label-chip').first();
          expect(await location.locator('.label-value').evaluate((value) => ({ text: value.textContent, whole: value.scrollWidth <= value.clientWidth }))).toEqual({ text: '=westeurope', whole: true });
        }
        expect(scripts.length).toBeGreaterThan(0);
        // Every hashed script is cached for good, the unhashed theme script is revalidated, and all vary by
        // encoding; the big ones (the build leaves files under 1 KB as they are) come as brotli.
        for (const script of scripts) {
          const hashed = /\/assets\//.test(script.url);
          expect(script).toMatchObject({ vary: expect.stringMatching(/accept-encoding/i), cache: hashed ? expect.stringContaining('immutable') : expect.stringMatching(/no-cache|max-age=0/) });
        }
        expect(scripts.find((script) => /\/assets\/index-[^/]+\.js$/.test(script.url))).toMatchObject({ encoding: 'br' });
        await closeExpectingNoErrors(watched);
      }
      watched = await openPage(browser, server.url);
    } finally {
      await server.api.request('DELETE', `/api/v1/clusters/${down.json.id}`);
    }
  });
});
