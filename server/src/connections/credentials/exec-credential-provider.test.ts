import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecCredentialProvider, MAX_CONCURRENT_EXEC_PLUGINS } from './exec-credential-provider.js';

describe('ExecCredentialProvider', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-exec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs at most ${MAX_CONCURRENT_EXEC_PLUGINS} plugin processes at once, however many clusters ask`, async () => {
    // A plugin that logs when it starts and ends, and takes a moment, like kubelogin fetching a token.
    const log = path.join(dir, 'runs.log');
    const plugin = path.join(dir, 'fake-kubelogin');
    writeFileSync(
      plugin,
      '#!/bin/sh\necho start >> "$AZURE_TEST_LOG"\nsleep 0.2\necho end >> "$AZURE_TEST_LOG"\n' +
        'echo \'{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t-\'$$\'"}}\'\n',
    );
    chmodSync(plugin, 0o755);
    const providers = Array.from(
      { length: 20 },
      () => new ExecCredentialProvider({ exec: { command: plugin, args: [], env: { AZURE_TEST_LOG: log }, apiVersion: 'client.authentication.k8s.io/v1beta1' }, allowlist: [plugin] }),
    );

    const credentials = await Promise.all(providers.map((provider) => provider.getCredential()));

    expect(credentials.every((c) => c.type === 'bearer-token' && c.token.startsWith('t-'))).toBe(true);
    const events = readFileSync(log, 'utf8').trim().split('\n');
    expect(events.filter((e) => e === 'start')).toHaveLength(20);
    let running = 0;
    let mostAtOnce = 0;
    for (const event of events) {
      running += event === 'start' ? 1 : -1;
      mostAtOnce = Math.max(mostAtOnce, running);
    }
    expect(mostAtOnce).toBeLessThanOrEqual(MAX_CONCURRENT_EXEC_PLUGINS);
    expect(mostAtOnce).toBeGreaterThan(1);
  });
});
