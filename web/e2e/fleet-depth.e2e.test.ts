import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { KubeObject } from '@flux-orchestrator/sim';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';
import { startFluxFleet, waitFor, type FluxFleet } from './support/flux-fleet.js';

interface Item {
  id: string;
  cluster_id: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
}

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

/** Kubernetes time: RFC 3339, whole seconds. */
const kubeTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An app Kustomization whose inventory holds a Deployment it applied, and that Deployment. */
function appWithDeployment(store: { list(resource: string): { items: KubeObject[] } }): { ks: KubeObject; namespace: string; name: string } {
  for (const ks of store.list(KUSTOMIZATIONS).items) {
    const entries = ((ks.status?.inventory as { entries?: Array<{ id: string }> } | undefined)?.entries ?? []).map((entry) => entry.id.split('_'));
    const deployment = entries.find((parts) => parts[3] === 'Deployment' && parts[0] !== 'flux-system');
    if (deployment) return { ks, namespace: deployment[0]!, name: deployment[1]! };
  }
  throw new Error('no Kustomization with a Deployment in its inventory');
}

/**
 * Fleet depth in the browser against the real server and simulated clusters: an object's graph,
 * inventory (with a workload action Flux owns), followed logs, the matrix, the events page and a
 * bulk action planned from the list's filters. Each test makes the state it needs.
 */
describe('fleet depth in the browser', () => {
  let fleet: FluxFleet;
  let browser: Browser;
  let watched: WatchedPage;

  const api = (method: string, path: string, body?: unknown) => fleet.server.api.request(method, path, body);
  const items = async (query: string): Promise<Item[]> => (await api('GET', `/api/v1/resources?limit=1000&${query}`)).json.items;

  beforeAll(async () => {
    [fleet, browser] = await Promise.all([startFluxFleet({ clusters: 2, objects: 40, namePrefix: 'depth' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await fleet?.close();
  });
  afterEach(async () => {
    await closeExpectingNoErrors(watched);
  });

  it('draws a Kustomization’s graph with its missing dependency marked as the likely failure', async () => {
    const cluster = fleet.fleet.cluster('depth-001');
    const clusterId = fleet.ids['depth-001']!;
    const spec = { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
    cluster.store.create(KUSTOMIZATIONS, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'e2e-graph-app', namespace: 'flux-system' }, spec: { ...spec, dependsOn: [{ name: 'e2e-infra-missing' }] } });
    await waitFor('the new Kustomization indexed', async () => (await items(`cluster=${clusterId}&kind=Kustomization&q=e2e-graph-app`)).length === 1);

    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/clusters/${clusterId}/resources/Kustomization/flux-system/e2e-graph-app`);
    await page.getByRole('navigation', { name: 'Object sections' }).getByRole('link', { name: 'Graph' }).click();
    await page.waitForURL(/\/e2e-graph-app\/graph$/);
    const graph = page.getByRole('group', { name: 'Dependency graph of Kustomization flux-system/e2e-graph-app' });
    const missing = graph.locator('[data-node="Kustomization/flux-system/e2e-infra-missing"]');
    await missing.waitFor();
    expect(await missing.getAttribute('data-status')).toBe('missing');
    expect(await page.getByRole('status', { name: 'Missing objects' }).textContent()).toContain('Kustomization flux-system/e2e-infra-missing');
    // The object itself and its source are drawn, joined by labelled edges.
    expect(await graph.locator('[data-node="Kustomization/flux-system/e2e-graph-app"]').getAttribute('data-root')).toBe('true');
    await graph.locator('[data-node="GitRepository/flux-system/flux-system"]').waitFor();
    expect(await graph.locator('.graph-edge[data-type="depends_on"] text').first().textContent()).toBe('depends on');

    // Each node opens its own object.
    await graph.locator('[data-node="GitRepository/flux-system/flux-system"]').click();
    await page.waitForURL(new RegExp(`/clusters/${clusterId}/resources/GitRepository/flux-system/flux-system$`));
    await page.getByRole('heading', { name: 'flux-system', level: 1 }).waitFor();
  });

  it('shows a Kustomization’s inventory, and scales a Deployment Flux owns only once the owner warning is acknowledged', async () => {
    const cluster = fleet.fleet.cluster('depth-002');
    const clusterId = fleet.ids['depth-002']!;
    const { ks, namespace, name } = appWithDeployment(cluster.store);
    const before = cluster.store.get('apps/deployments', namespace, name)?.spec?.replicas;
    const target = before === 3 ? 4 : 3;

    // The provoked 409 is the one client error Chromium logs.
    watched = await openPage(browser, fleet.url, { allowClientErrors: true });
    const { page } = watched;
    await page.goto(`/clusters/${clusterId}/resources/Kustomization/${ks.metadata.namespace}/${ks.metadata.name}/inventory`);
    const tree = page.getByRole('list', { name: `Objects applied by Kustomization ${ks.metadata.namespace}/${ks.metadata.name}` });
    const row = tree.locator(`li[data-kind="Deployment"][data-name="${name}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-health')).toBe('healthy');

    await page.getByRole('group', { name: `Actions on Deployment ${namespace}/${name}` }).getByRole('button', { name: 'Scale' }).click();
    const dialog = page.getByRole('dialog', { name: `Scale Deployment ${namespace}/${name}?` });
    await dialog.getByLabel('Replicas').fill(String(target));
    await dialog.getByRole('button', { name: `Scale to ${target}` }).click();
    // 409 flux_owned: the owner is named, nothing changed yet.
    const warning = dialog.getByRole('alert', { name: 'Flux owns it' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(ks.metadata.name);
    // UI text, not the API's instruction.
    expect(await warning.textContent()).toContain('Flux manages this workload; choose Scale anyway to override.');
    expect(await warning.textContent()).not.toContain('acknowledge_flux_owner');
    expect(cluster.store.get('apps/deployments', namespace, name)?.spec?.replicas).toBe(before);

    await dialog.getByRole('button', { name: 'Scale anyway' }).click();
    const result = dialog.getByRole('status', { name: 'Workload action result' });
    await result.waitFor();
    expect(await result.textContent()).toContain(`to ${target} replicas`);
    expect(cluster.store.get('apps/deployments', namespace, name)?.spec?.replicas).toBe(target);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('opens a pod’s log from its inventory row: the first container, another one chosen, new lines followed', async () => {
    const cluster = fleet.fleet.cluster('depth-002');
    const clusterId = fleet.ids['depth-002']!;
    const { ks, namespace, name } = appWithDeployment(cluster.store);
    const labels = (cluster.store.get('apps/deployments', namespace, name)?.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
    const podName = `${name}-logs-${randomBytes(3).toString('hex')}`;
    cluster.store.create('/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace, labels },
      spec: { containers: [{ name: 'app', image: 'example' }, { name: 'proxy', image: 'example' }], initContainers: [{ name: 'migrate', image: 'example' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    cluster.logs.append(namespace, podName, 'app', 'app started on :8080');
    cluster.logs.append(namespace, podName, 'migrate', 'schema migrated');

    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/clusters/${clusterId}/resources/Kustomization/${ks.metadata.namespace}/${ks.metadata.name}/inventory`);
    const tree = page.getByRole('list', { name: `Objects applied by Kustomization ${ks.metadata.namespace}/${ks.metadata.name}` });
    await tree.locator(`li[data-kind="Deployment"][data-name="${name}"]`).waitFor();
    const expand = page.getByRole('button', { name: new RegExp(`^Expand Deployment ${namespace}/${name} `) });
    if (await expand.count()) await expand.click();
    await page.getByRole('group', { name: `Actions on Pod ${namespace}/${podName}` }).getByRole('button', { name: 'Logs' }).click();

    const dialog = page.getByRole('dialog', { name: `Logs of pod ${namespace}/${podName}` });
    const lines = dialog.getByRole('log', { name: `Log lines of pod ${namespace}/${podName}, container app` });
    await lines.getByText('app started on :8080').waitFor();
    // Following: a line the container writes now shows without asking again.
    await page.waitForFunction(() => document.querySelector('dialog [aria-label="Log stream"]')?.getAttribute('data-state') === 'open');
    cluster.logs.append(namespace, podName, 'app', 'GET /healthz 200');
    await lines.getByText('GET /healthz 200').waitFor();
    // The init container, listed last, has its own log.
    await dialog.getByRole('combobox', { name: 'Container' }).selectOption('migrate');
    await dialog.getByRole('log', { name: `Log lines of pod ${namespace}/${podName}, container migrate` }).getByText('schema migrated').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('follows a controller log and shows the new line a reconcile writes', async () => {
    const clusterId = fleet.ids['depth-001']!;
    const target = (await items(`cluster=${clusterId}&kind=Kustomization&status=ready`)).find((item) => item.namespace !== 'flux-system') ?? (await items(`cluster=${clusterId}&kind=Kustomization&status=ready`))[0]!;
    const base = `/api/v1/clusters/${clusterId}/resources/Kustomization/${target.namespace}/${target.name}`;

    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/clusters/${clusterId}/resources/Kustomization/${target.namespace}/${target.name}/logs`);
    await page.getByRole('heading', { name: 'Logs of kustomize-controller' }).waitFor();
    const state = page.getByRole('status', { name: 'Log stream' });
    await page.waitForFunction(() => document.querySelector('[aria-label="Log stream"]')?.getAttribute('data-state') === 'open');
    expect(await state.textContent()).toContain('Following');
    expect(await page.getByRole('checkbox', { name: 'Follow' }).isChecked()).toBe(true);

    const requested = (await api('POST', `${base}/reconcile`, {})).json.requested_at as string;
    // The controller logs the reconcile it handles; the followed stream brings the line.
    await page.waitForFunction(
      (since) => [...document.querySelectorAll('[role="log"] li[data-time]')].some((line) => Date.parse(line.getAttribute('data-time')!) >= since),
      Date.parse(requested) - 1_000,
      { timeout: 15_000 },
    );
    const log = page.getByRole('log', { name: `Log lines about Kustomization ${target.namespace}/${target.name}` });
    expect(await log.locator('li').count()).toBeGreaterThan(0);
  });

  it('compares HelmRelease podinfo across the fleet: one row per cluster', async () => {
    const clusters = (await api('GET', '/api/v1/clusters')).json.items as Array<{ id: string; name: string }>;
    // podinfo on one cluster only (a copy of one of its releases), so the other shows it missing.
    const cluster = fleet.fleet.cluster('depth-001');
    const releases = 'helm.toolkit.fluxcd.io/helmreleases';
    if (!cluster.store.get(releases, 'flux-system', 'podinfo')) {
      const template = cluster.store.list(releases).items.find((release) => release.metadata.namespace === 'flux-system') ?? cluster.store.list(releases).items[0]!;
      cluster.store.create(releases, { apiVersion: template.apiVersion, kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'flux-system' }, spec: template.spec });
    }
    await waitFor('podinfo indexed', async () => (await items(`cluster=${fleet.ids['depth-001']}&kind=HelmRelease&q=podinfo`)).some((item) => item.name === 'podinfo'));
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matrix' }).click();
    await page.getByRole('heading', { name: 'Matrix', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('HelmRelease');
    await page.getByRole('textbox', { name: 'Name (optional)' }).fill('podinfo');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/matrix\?kind=HelmRelease&name=podinfo$/);

    const table = page.getByRole('table', { name: 'HelmRelease podinfo per cluster' });
    await table.waitFor();
    const rows = table.locator('.dt-body [role="row"]');
    await page.waitForFunction((count) => document.querySelectorAll('[aria-label="HelmRelease podinfo per cluster"] .dt-body [role="row"]').length === count, clusters.length);
    expect((await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-cluster')))).sort()).toEqual(clusters.map((cluster) => cluster.name).sort());
    // Each cluster shows podinfo's revision and status, or says it is missing there.
    const matrix = (await api('GET', '/api/v1/matrix?kind=HelmRelease&name=podinfo')).json as { rows: Array<{ cluster: string; objects: Array<{ revision: string | null }> }>; revisions: Array<{ revision: string | null }> };
    expect(matrix.rows.find((entry) => entry.cluster === 'depth-001')?.objects.length).toBeGreaterThan(0);
    for (const entry of matrix.rows) {
      const row = table.locator(`[role="row"][data-cluster="${entry.cluster}"]`);
      expect(await row.getAttribute('data-missing')).toBe(entry.objects.length === 0 ? 'true' : null);
      const text = (await row.textContent()) ?? '';
      if (entry.objects.length === 0) expect(text).toContain('not on this cluster');
      else expect(text).toContain(entry.objects[0]!.revision ?? 'no revision');
    }
    // A revision in the bar list filters the rows, in the URL.
    const revision = matrix.revisions.find((entry) => entry.revision !== null)?.revision;
    if (revision) {
      await page.getByRole('group', { name: 'Filter by revision' }).getByRole('button', { name: new RegExp(`^${revision.replace(/[.+]/g, '\\$&')}`) }).click();
      await page.waitForURL((url) => url.searchParams.get('revision') === revision);
      expect(await page.getByRole('group', { name: 'Filter by revision' }).getByRole('button', { pressed: true }).count()).toBe(1);
    }
  });

  it('lists kept events, adds a new one live, and offers the CSV of the same filters', async () => {
    const cluster = fleet.fleet.cluster('depth-001');
    const clusterId = fleet.ids['depth-001']!;
    await waitFor('events kept', async () => (await api('GET', '/api/v1/events?limit=1')).json.items.length > 0);
    const newest = (await api('GET', '/api/v1/events?limit=1')).json.items[0] as { id: string };

    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    const table = page.getByRole('table', { name: 'Events' });
    await table.locator(`[role="row"][data-event="${newest.id}"]`).waitFor();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();

    // A new Warning in a cluster shows at the top without a reload.
    const target = (await items(`cluster=${clusterId}&kind=Kustomization`))[0]!;
    const at = new Date();
    cluster.store.create('/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${target.name}.${randomBytes(8).toString('hex')}`, namespace: target.namespace },
      involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: target.namespace, name: target.name },
      reason: 'E2EDepthWarning',
      message: 'injected by the browser test: health check failed',
      type: 'Warning',
      source: { component: 'kustomize-controller' },
      reportingComponent: 'kustomize-controller',
      reportingInstance: '',
      firstTimestamp: kubeTime(at),
      lastTimestamp: kubeTime(at),
      count: 1,
      eventTime: null,
    });
    const live = table.locator('[role="row"][data-reason="E2EDepthWarning"]');
    await live.waitFor({ timeout: 15_000 });
    expect(await live.textContent()).toContain('health check failed');

    // Filters go to the URL and to the download. A new filter reloads the list from the server,
    // whose table is written about a second after the stream announced the event: wait for that.
    await waitFor('the new event kept', async () => (await api('GET', '/api/v1/events?reason=E2EDepthWarning')).text.includes('E2EDepthWarning'));
    await page.getByRole('combobox', { name: 'Type' }).selectOption('Warning');
    await page.waitForURL(/\/events\?type=Warning$/);
    await live.waitFor();
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csv).toBe('/api/v1/events/export?format=csv&type=Warning');
    // The table is written about a second after the stream announced the event.
    await waitFor('the new event in the export', async () => {
      const download = await api('GET', csv!);
      return download.status === 200 && download.text.includes('E2EDepthWarning');
    });
  });

  it('keeps the cluster readable in narrow layouts: events and objects name it in full, the header fits, the events filters keep one line at 1280 px, a phone’s Resources table shows name and reason whole, an object’s sections are all in view', async () => {
    await waitFor('events kept', async () => (await api('GET', '/api/v1/events?limit=1')).json.items.length > 0);
    const clusterId = fleet.ids['depth-001']!;
    const target = (await items(`cluster=${clusterId}&kind=Kustomization`))[0]!;
    // Whether an element shows all of its text (nothing cut by an ellipsis or the box).
    const whole = (element: Element) => element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1;
    for (const width of [1280, 390]) {
      watched = await openPage(browser, fleet.url, { viewport: { width, height: width === 390 ? 844 : 800 } });
      const { page } = watched;
      await page.goto('/events');
      const eventCluster = page.getByRole('table', { name: 'Events' }).locator('.cell-sub', { hasText: /^on depth-00\d$/ }).first();
      await eventCluster.waitFor();
      expect({ width, events: await eventCluster.evaluate(whole) }).toEqual({ width, events: true });
      const summary = page.getByLabel('Fleet health summary');
      expect({ width, summary: await summary.evaluate(whole) }).toEqual({ width, summary: true });
      expect(await summary.textContent()).toMatch(/failing/);
      if (width === 1280) {
        // The fields that pick objects keep one line (Reason did not fit and wrapped alone), also with a filter set.
        const fields = page.getByRole('group', { name: 'Which objects' });
        const lines = () => fields.evaluate((group) => new Set([...group.children].map((child) => Math.round((child.getBoundingClientRect().top + child.getBoundingClientRect().bottom) / 2))).size);
        expect(await lines()).toBe(1);
        await page.getByRole('combobox', { name: 'Type' }).selectOption('Warning');
        await page.getByRole('link', { name: 'Clear filters' }).waitFor();
        expect(await lines()).toBe(1);
      }
      if (width === 390) {
        await page.goto('/resources');
        const objects = page.getByRole('table', { name: 'Flux objects' });
        const objectCluster = objects.locator('.cell-sub', { hasText: /^on depth-00\d$/ }).first();
        await objectCluster.waitFor();
        expect(await objectCluster.evaluate(whole)).toBe(true);
        // Status and name on a phone, their headers whole; kind, cluster and reason in the name's cell, the rest on the object's page.
        const headers = await objects.getByRole('columnheader').evaluateAll((cells) => cells.filter((cell) => cell.getBoundingClientRect().width > 0).map((cell) => ({ text: cell.textContent?.replace(/[▲▼]/g, '').trim(), whole: cell.scrollWidth <= cell.clientWidth + 1 })));
        expect(headers).toEqual([{ text: '', whole: true }, { text: 'Status', whole: true }, { text: 'Namespace / name', whole: true }]);
        const rows = await objects.locator('.dt-body [role="row"]').evaluateAll((elements) =>
          elements.map((row) => {
            const fits = (element: Element | null) => element !== null && element.clientWidth > 0 && element.scrollWidth <= element.clientWidth + 1;
            return { name: fits(row.querySelector('a.cell-title')), reason: fits(row.querySelector('.cell-reason')) };
          }),
        );
        expect(rows.length).toBeGreaterThan(3);
        expect(rows.filter((row) => !row.name || !row.reason)).toEqual([]);
        await page.goto(`/clusters/${clusterId}/resources/Kustomization/${target.namespace}/${target.name}`);
        const logs = page.getByRole('navigation', { name: 'Object sections' }).getByRole('link', { name: 'Logs' });
        await logs.waitFor();
        const box = await logs.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        // The conditions fit the phone: reason and message under the type, the message at the width of the card, not a sliver beside it.
        const conditions = page.getByRole('table', { name: 'Conditions' });
        await conditions.waitFor();
        expect(await conditions.evaluate((table) => table.scrollWidth <= (table.parentElement as HTMLElement).clientWidth + 1)).toBe(true);
        const message = conditions.locator('.condition-narrow .pre-wrap').first();
        expect(await message.isVisible()).toBe(true);
        expect((await message.boundingBox())!.width).toBeGreaterThan(200);
        // The status card's labels leave most of the width to the values.
        const labels = await page.locator('section[aria-labelledby="status-title"] dl.props').evaluate((list) => ({ list: list.clientWidth, label: Math.max(...[...list.querySelectorAll('dt')].map((dt) => dt.getBoundingClientRect().width)) }));
        expect(labels.label).toBeLessThanOrEqual(labels.list * 0.4);
      }
      await closeExpectingNoErrors(watched);
    }
    watched = await openPage(browser, fleet.url);
  });

  it('acts on all objects matching the list’s filters after showing the plan', async () => {
    const clusterId = fleet.ids['depth-002']!;
    const targets = await items(`cluster=${clusterId}&kind=GitRepository&status=ready`);
    expect(targets.length).toBeGreaterThan(0);
    watched = await openPage(browser, fleet.url);
    const { page } = watched;
    await page.goto(`/resources?cluster=${clusterId}&kind=GitRepository&status=ready`);
    await page.getByRole('table', { name: 'Flux objects' }).waitFor();
    await page.getByRole('button', { name: `Act on all ${targets.length} matching…` }).click();
    const dialog = page.getByRole('dialog', { name: `Reconcile all ${targets.length} matching ${targets.length === 1 ? 'object' : 'objects'}?` });
    await dialog.getByRole('button', { name: 'Preview the plan' }).click();
    const plan = dialog.getByLabel('Plan', { exact: true });
    await plan.waitFor();
    for (const target of targets) await plan.locator(`li[data-object="GitRepository/${target.namespace}/${target.name}"]`).waitFor();
    await dialog.getByRole('button', { name: `Reconcile ${targets.length}`, exact: true }).click();
    await dialog.locator('p[data-finished]').waitFor({ timeout: 30_000 });
    expect(await dialog.locator('p[data-finished]').textContent()).toContain(`Finished: ${targets.length} succeeded, 0 failed.`);
    for (const target of targets) expect(await dialog.locator(`li[data-object="GitRepository/${target.namespace}/${target.name}"]`).getAttribute('data-result')).toBe('ok');
    const audit = (await api('GET', '/api/v1/audit')).json.items as Array<{ action: string }>;
    expect(audit.some((entry) => entry.action === 'bulk.action')).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
