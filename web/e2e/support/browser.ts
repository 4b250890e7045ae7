import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, never a downloaded browser; flags keep it quiet and offline. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page plus every console error and uncaught exception it produced. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors, as text. */
  errors: string[];
  /** Responses with status ≥ 500 (a server fault the UI would hide). */
  serverErrors: string[];
  close(): Promise<void>;
}

/**
 * Opens a page in a fresh context (own localStorage) that records console errors. Chromium logs
 * "Failed to load resource" for every 4xx; those are expected when a test provokes a validation
 * error, so they are recorded only when `allowClientErrors` is false.
 */
export async function openPage(browser: Browser, baseURL: string, options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; allowClientErrors?: boolean } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const serverErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (options.allowClientErrors && /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { page, context, errors, serverErrors, close: () => context.close() };
}

/** Closes the page and fails the test if it logged an error or the server answered 5xx. */
export async function closeExpectingNoErrors(watched: WatchedPage): Promise<void> {
  const { errors, serverErrors } = watched;
  await watched.close();
  expect(errors).toEqual([]);
  expect(serverErrors).toEqual([]);
}
