import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFleet, type SimFleet } from '@flux-orchestrator/sim';
import { startAppServer, type AppServer } from './support/app-server.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';

const PASSWORD = 'dana viewer password 1';

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor({ state: 'detached' });
}

/**
 * Settings → Access with login on: an admin creates a user and a binding scoped by cluster labels,
 * the user signs in and sees only those clusters, the admin takes it all away again.
 */
describe('users and role bindings in the browser', () => {
  let fleet: SimFleet;
  let server: AppServer;
  let browser: Browser;
  let adminPassword: string;
  const pages: WatchedPage[] = [];
  /** The admin's session, for setup and cleanup through the API. */
  const adminHeaders = async (): Promise<Record<string, string>> => {
    const login = await server.api.request('POST', '/api/v1/auth/login', { username: 'admin', password: adminPassword });
    return { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': login.json.csrf_token as string };
  };

  beforeAll(async () => {
    [fleet, server, browser] = await Promise.all([startFleet({ clusters: 2, objectsPerCluster: 4, reconcileDelayMs: 50, namePrefix: 'access' }), startAppServer({ AUTH_MODE: 'local' }), launchBrowser()]);
    adminPassword = readFileSync(path.join(server.api.dataDir, 'initial-admin-password'), 'utf8').trim();
    // The fleet: access-001 is env=dev, access-002 env=prod, registered by the admin through the API.
    const headers = await adminHeaders();
    for (const [name, env] of [
      ['access-001', 'dev'],
      ['access-002', 'prod'],
    ] as const) {
      const created = await server.api.request('POST', '/api/v1/clusters', { name, kubeconfig: fleet.cluster(name).kubeconfig(), labels: { env } }, headers);
      expect(created.status, created.text).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fleet?.stop();
  });
  afterEach(async () => {
    // The first "who am I" before sign-in answers 401: expected, not an error.
    for (const watched of pages.splice(0)) await closeExpectingNoErrors(watched);
  });

  const open = async (options: Parameters<typeof openPage>[2] = {}) => {
    const watched = await openPage(browser, server.url, { allowClientErrors: true, ...options });
    pages.push(watched);
    return watched.page;
  };

  it('an admin adds a user with a viewer binding on env=dev; the user sees only that; the admin changes the binding, disables and enables her, then removes both', async () => {
    const admin = await open();
    await admin.goto('/');
    await signIn(admin, 'admin', adminPassword);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Access' }).click();
    expect(new URL(admin.url()).pathname).toBe('/settings/access');
    const users = admin.getByRole('table', { name: 'Users' });
    const bindings = admin.getByRole('table', { name: 'Role bindings' });
    const adminRow = users.getByRole('row').filter({ hasText: 'you' });
    await adminRow.getByText('admin', { exact: true }).last().waitFor();
    // Nobody removes themselves.
    expect(await adminRow.getByRole('button', { name: 'Delete user admin' }).isDisabled()).toBe(true);

    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.getByLabel('Username').fill('dana');
    await admin.getByLabel('Display name (optional)').fill('Dana Viewer');
    await admin.getByLabel('Initial password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByRole('status').getByText('Created user “dana”.').waitFor();
    const danaRow = users.getByRole('row').filter({ hasText: 'Dana Viewer' });
    await danaRow.getByText('none: sees nothing').waitFor();

    await admin.getByRole('button', { name: 'Add a role binding for dana' }).click();
    const form = admin.getByRole('form', { name: 'New role binding' });
    expect(await form.getByLabel('User', { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toContain('dana (Dana Viewer)');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Clusters with labels').check();
    await form.getByLabel('Cluster labels').fill('env=dev');
    await form.getByText('Matches 1 of 2 clusters now: access-001.').waitFor();
    await form.getByRole('button', { name: 'Create binding' }).click();
    await admin.getByRole('status').getByText('Gave dana the role viewer · clusters labelled env=dev.').waitFor();
    const bindingRow = bindings.getByRole('row').filter({ hasText: 'dana' });
    expect(await bindingRow.textContent()).toContain('labelled env=dev');
    await danaRow.getByText('viewer · clusters labelled env=dev').waitFor();

    // Dana signs in on the real login page and sees the dev cluster only, and no Access settings.
    const dana = await open();
    await dana.goto('/clusters');
    await signIn(dana, 'dana', PASSWORD);
    await dana.locator('tr[data-cluster="access-001"]').waitFor();
    expect(await dana.locator('tr[data-cluster="access-002"]').count()).toBe(0);
    // A viewer is not offered what the server would refuse: adding, editing or deleting clusters.
    expect(await dana.getByRole('link', { name: 'Add cluster' }).count()).toBe(0);
    await dana.locator('tr[data-cluster="access-001"] a').first().click();
    await dana.getByRole('button', { name: 'Re-check' }).waitFor();
    expect(await dana.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await dana.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await dana.goto('/settings/general');
    await dana.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await dana.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Access' }).count()).toBe(0);
    await dana.goto('/settings/access');
    await dana.getByRole('heading', { name: 'Access is for admins' }).waitFor();

    // The admin makes her an operator on the same clusters: the form starts from the binding as it is.
    await bindingRow.getByRole('button', { name: 'Change the viewer binding of dana' }).click();
    const changeForm = admin.getByRole('form', { name: 'Change role binding' });
    expect(await changeForm.getByLabel('Cluster labels').inputValue()).toBe('env=dev');
    expect(await changeForm.getByLabel('User', { exact: true }).count()).toBe(0);
    await changeForm.getByLabel('Role').selectOption('operator');
    await changeForm.getByRole('button', { name: 'Save binding' }).click();
    await admin.getByRole('status').getByText('Changed the binding of dana to operator · clusters labelled env=dev.').waitFor();
    await danaRow.getByText('operator · clusters labelled env=dev').waitFor();

    // Disabled, Dana's session ends at once; enabled again, she signs in again.
    await danaRow.getByRole('button', { name: 'Disable dana' }).click();
    await admin.getByRole('dialog', { name: 'Disable dana?' }).getByRole('button', { name: 'Disable user' }).click();
    await admin.getByRole('status').getByText('Disabled user “dana”.').waitFor();
    await danaRow.getByText('disabled', { exact: true }).waitFor();
    await bindingRow.getByText('disabled: grants nothing until enabled').waitFor();
    await dana.reload();
    await dana.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    await danaRow.getByRole('button', { name: 'Enable dana' }).click();
    await admin.getByRole('status').getByText('Enabled user “dana”.').waitFor();
    await signIn(dana, 'dana', PASSWORD);

    // The admin removes the binding, after confirming; Dana's next look finds nothing.
    await bindingRow.getByRole('button', { name: 'Remove the operator binding of dana' }).click();
    const removeDialog = admin.getByRole('dialog', { name: 'Remove this role binding?' });
    expect(await removeDialog.textContent()).toContain('dana loses operator · clusters labelled env=dev at once');
    await removeDialog.getByRole('button', { name: 'Remove binding' }).click();
    await removeDialog.waitFor({ state: 'hidden' });
    await danaRow.getByText('none: sees nothing').waitFor();
    expect(await bindingRow.count()).toBe(0);
    await dana.goto('/clusters');
    await dana.getByRole('alert').getByText('Your roles do not include clusters:read').waitFor();
    expect(await dana.locator('tr[data-cluster="access-001"]').count()).toBe(0);

    // …then the user: their session ends with it.
    await danaRow.getByRole('button', { name: 'Delete user dana' }).click();
    const deleteDialog = admin.getByRole('dialog', { name: 'Delete dana?' });
    expect(await deleteDialog.textContent()).toContain('Their sessions end and their API tokens stop working at once');
    await deleteDialog.getByRole('button', { name: 'Delete user' }).click();
    await admin.getByRole('status').getByText('Deleted user “dana”.').waitFor();
    expect(await danaRow.count()).toBe(0);
    await dana.reload();
    await dana.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
  });

  it('shows the server\'s problems at their fields, on a phone in dark mode, and works from the keyboard', async () => {
    const page = await open({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto('/settings/access');
    await signIn(page, 'admin', adminPassword);
    await page.getByRole('table', { name: 'Users' }).waitFor();
    const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fitsWidth()).toBe(true);

    // A service account with a malformed name: the server's words, at the Username field.
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByLabel('Service account').check();
    expect(await page.getByLabel('Initial password').count()).toBe(0);
    const username = page.getByLabel('Username');
    await username.fill('ci robot');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await page.locator('.field', { has: username }).getByRole('alert').getByText('must start with a letter or digit and hold only letters, digits, -, _, . and @ (no spaces)').waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    await username.fill('ci-robot');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await page.getByRole('status').getByText('Created service account “ci-robot”.').waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // Its row's three buttons stack: the users table needs no sideways scrolling on a phone.
    await page.getByRole('button', { name: 'Disable ci-robot' }).waitFor();
    expect(await page.locator('.table-wrap', { has: page.getByRole('table', { name: 'Users' }) }).evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth)).toBe(true);

    // A group binding on a picked cluster; a bad namespace is named at the Namespaces field.
    await page.getByRole('button', { name: 'Add role binding' }).click();
    const form = page.getByRole('form', { name: 'New role binding' });
    await form.getByLabel('A single sign-on group').check();
    await form.getByLabel('Group', { exact: true }).fill('platform-team');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('Chosen clusters').check();
    await form.getByRole('button', { name: 'Create binding' }).click();
    await form.getByText('Pick at least one cluster, or choose another scope.').waitFor();
    await form.getByRole('checkbox', { name: /access-001/ }).check();
    const namespaces = page.getByLabel('Namespaces (optional)');
    await namespaces.fill('apps, Payments');
    await form.getByRole('button', { name: 'Create binding' }).click();
    await page.locator('.field', { has: namespaces }).getByRole('alert').getByText('“Payments” must be a Kubernetes namespace name').waitFor();
    expect(await fitsWidth()).toBe(true);
    await namespaces.fill('apps, payments');
    await form.getByRole('button', { name: 'Create binding' }).click();
    await page.getByRole('status').getByText('Gave group platform-team the role operator · clusters access-001 · namespaces apps, payments.').waitFor();
    const groupRow = page.getByRole('table', { name: 'Role bindings' }).getByRole('row').filter({ hasText: 'platform-team' });
    expect(await groupRow.textContent()).toContain('Single sign-on group');
    expect(await fitsWidth()).toBe(true);

    // From the keyboard: Escape cancels the confirmation, Enter on its button confirms.
    const remove = groupRow.getByRole('button', { name: 'Remove the operator binding of group platform-team' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove this role binding?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await remove.focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Remove binding' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Removed the operator binding of group platform-team.').waitFor();
    expect(await groupRow.count()).toBe(0);

    await page.getByRole('button', { name: 'Delete user ci-robot' }).focus();
    await page.keyboard.press('Enter');
    const deleteDialog = page.getByRole('dialog', { name: 'Delete ci-robot?' });
    expect(await deleteDialog.textContent()).toContain('Its API tokens stop working at once');
    await deleteDialog.getByRole('button', { name: 'Delete user' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Deleted service account “ci-robot”.').waitFor();
    // The row and its button are gone: focus lands on what happened, not on the page's top.
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('Deleted service account'));

    // The API tokens page fits a phone too: the name, scope and Revoke; owner and times on wider screens.
    await page.goto('/tokens');
    const tokenForm = page.getByRole('form', { name: 'New token' });
    await tokenForm.getByLabel('Name').fill('phone check');
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('new-token').waitFor();
    const tokenRow = page.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'phone check' });
    await tokenRow.waitFor();
    expect(await fitsWidth()).toBe(true);
    await tokenRow.getByRole('button', { name: 'Revoke phone check' }).click();
    await tokenRow.waitFor({ state: 'detached' });
  });

  it('an admin creates an API token for a service account from its row; the token acts as that account', async () => {
    const page = await open();
    await page.goto('/settings/access');
    await signIn(page, 'admin', adminPassword);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByLabel('Service account').check();
    await page.getByLabel('Username').fill('deploy-bot');
    await page.getByRole('button', { name: 'Create service account' }).click();
    await page.getByRole('status').getByText('Created service account “deploy-bot”.').waitFor();

    await page.getByRole('link', { name: 'New API token for deploy-bot' }).click();
    await page.getByRole('heading', { name: 'API tokens', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'New token' });
    await form.getByLabel('For', { exact: true }).locator('option', { hasText: 'service account deploy-bot' }).waitFor({ state: 'attached' });
    expect(await form.getByLabel('For', { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('service account deploy-bot');
    await form.getByLabel('Name').fill('release pipeline');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'release pipeline' });
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('deploy-bot');

    const me = await server.api.request('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${token}` });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ username: 'deploy-bot' });
    expect((me.json.bindings as Array<{ role: string }>).map((binding) => binding.role)).toEqual(['operator']);

    // An operator's token, not an admin's: it may not manage users.
    expect((await server.api.request('GET', '/api/v1/users', undefined, { authorization: `Bearer ${token}` })).status).toBe(403);

    // The test leaves no account behind.
    const headers = await adminHeaders();
    const bot = ((await server.api.request('GET', '/api/v1/users', undefined, headers)).json.items as Array<{ id: string; username: string }>).find((user) => user.username === 'deploy-bot')!;
    expect((await server.api.request('DELETE', `/api/v1/users/${bot.id}`, undefined, headers)).status).toBe(204);
  });

  it('says when login is off, with an empty state for users and bindings', async () => {
    const noLogin = await startAppServer();
    try {
      const watched = await openPage(browser, noLogin.url);
      pages.push(watched);
      const { page } = watched;
      await page.goto('/settings/access');
      await page.getByText('Login is off on this server (AUTH_MODE=none)').waitFor();
      await page.getByRole('heading', { name: 'No users yet' }).waitFor();
      await page.getByRole('heading', { name: 'No role bindings yet' }).waitFor();
      await closeExpectingNoErrors(pages.pop()!);
    } finally {
      await noLogin.close();
    }
  });
});
