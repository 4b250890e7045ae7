import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAppServer, type AppServer } from './support/app-server.js';
import { closeExpectingNoErrors, launchBrowser, openPage, type WatchedPage } from './support/browser.js';

/** Login on (the default): sign in with the initial admin, make an API token, sign out. */
describe('login in the browser', () => {
  let server: AppServer;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer({ AUTH_MODE: 'local' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await closeExpectingNoErrors(watched);
  });

  it('shows the sign-in page to a new visitor without a failed request in the console', async () => {
    watched = await openPage(browser, server.url);
    const { page } = watched;
    const asked: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) asked.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    // Whether a session is there comes from the public sign-in options, not from a 401 of "who am I".
    expect(asked.filter((entry) => entry.startsWith('4'))).toEqual([]);
    expect(asked).toContain('200 /api/v1/auth/options');
  });

  it('signs in with the initial admin password, creates a token shown once, revokes it, and signs out', async () => {
    // A wrong password answers 401 (Chromium logs it): expected here, not an error.
    watched = await openPage(browser, server.url, { allowClientErrors: true });
    const { page } = watched;
    const password = readFileSync(path.join(server.api.dataDir, 'initial-admin-password'), 'utf8').trim();
    // Every "who am I" the page asks (it starts with the sign-in options, which say whether a
    // session is there): a 401 must lead to one such check at most, then quiet.
    let meChecks = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/auth/options') meChecks += 1;
    });
    const signInAgain = async (heading: string) => {
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: heading }).first().waitFor();
    };

    await page.goto('/resources');
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    const atStart = meChecks;
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password').waitFor();
    await signInAgain('Resources');
    // A wrong password is no lost session: nobody asked who is signed in meanwhile.
    expect(meChecks).toBe(atStart);
    // The session cookie is out of reach of scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain('fo_session');
    expect(await page.getByText('No login (AUTH_MODE=none)').count()).toBe(0);

    await page.getByRole('group').getByText('admin').first().click();
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', exact: true }).waitFor();
    await page.getByLabel('Name').fill('ci-reader');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^fo_/);
    // The token works for reading, from outside the browser.
    expect((await server.api.request('GET', '/api/v1/clusters', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByText(token).count()).toBe(0);
    await page.getByRole('table', { name: 'API tokens' }).getByRole('cell', { name: /^ci-reader/ }).first().waitFor();
    await page.getByRole('button', { name: 'Revoke ci-reader' }).click();
    await page.getByText('No API tokens yet').waitFor();
    expect((await server.api.request('GET', '/api/v1/clusters', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);

    // The session cookie expires (here: is gone); the next page's requests answer 401. One check of
    // who is signed in, then the sign-in page, quiet until the user signs in again.
    await watched.context.clearCookies();
    const beforeExpiry = meChecks;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    await signInAgain('Events');
    expect(meChecks - beforeExpiry).toBe(1);

    // Change password, from the account menu: the server's field problems at their fields.
    await page.getByRole('group').getByText('admin').first().click();
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    const newPassword = `${password}-changed`;
    const submitPassword = async (current: string, next: string) => {
      await dialog.getByLabel('Current password').fill(current);
      await dialog.getByLabel('New password', { exact: true }).fill(next);
      await dialog.getByLabel('New password again').fill(next);
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/password'));
      await dialog.getByRole('button', { name: 'Change password' }).click();
      return (await answered).status();
    };
    expect(await submitPassword('not the password', newPassword)).toBe(400);
    await dialog.getByText('Is not your current password').waitFor();
    expect(await submitPassword(password, password)).toBe(400);
    await dialog.getByText('Must differ from your current password').waitFor();
    expect(await dialog.getByText('Is not your current password').count()).toBe(0);
    expect(await submitPassword(password, newPassword)).toBe(204);
    await dialog.getByRole('status', { name: 'Password changed' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Guessing the current password is limited as sign-ins are: 429 shows the server's message.
    await page.getByRole('group').getByText('admin').first().click();
    await page.getByRole('button', { name: 'Change password' }).click();
    let status = 0;
    for (let attempt = 0; attempt < 12 && status !== 429; attempt += 1) status = await submitPassword('a wrong guess', `${newPassword}-again`);
    expect(status).toBe(429);
    await dialog.getByRole('alert').getByText(/Too many attempts/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The new password signs in; this session stayed signed in meanwhile.
    expect((await server.api.request('POST', '/api/v1/auth/login', { username: 'admin', password: newPassword })).status).toBe(200);

    await page.getByRole('group').getByText('admin').first().click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Flux Orchestrator' }).waitFor();
  });

  it('shows the no-login banner on every page when AUTH_MODE=none', async () => {
    const open = await startAppServer();
    try {
      watched = await openPage(browser, open.url);
      const { page } = watched;
      for (const [url, heading] of [['/', 'Dashboard'], ['/clusters', 'Clusters'], ['/tokens', 'API tokens']] as const) {
        await page.goto(url);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.getByText('No login (AUTH_MODE=none).').waitFor();
      }
    } finally {
      await open.close();
    }
  });
});
