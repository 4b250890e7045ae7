import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../../src/secrets/index.js';
import { buildKubeconfig } from '../support/kubeconfig-builder.js';
import { startTestServer } from '../support/test-server.js';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-key-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs the real entry point (through tsx) and returns its exit code and output. */
async function runServerProcess(args: string[], env: Record<string, string>, timeoutMs = 20_000) {
  try {
    const result = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts'), ...args], {
      env: { PATH: process.env.PATH, ...env },
      timeout: timeoutMs,
      cwd: repoRoot,
    });
    return { code: 0, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('encryption key', () => {
  it('generates a 0600 key on the embedded default, and reuses it on restart', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({}, { dataDir });
    await first.request('POST', '/api/v1/clusters', { name: 'a', kubeconfig: buildKubeconfig({ server: 'https://127.0.0.1:1' }) });
    expect(first.logs.join('\n')).toMatch(/No ENCRYPTION_KEY set: generated one/);
    await first.close();
    const keyFile = path.join(dataDir, 'encryption.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = await startTestServer({}, { dataDir });
    expect((await second.request('GET', '/api/v1/clusters')).json.items).toHaveLength(1);
    expect(second.logs.join('\n')).not.toMatch(/generated one/);
    await second.close();
    expect(readFileSync(keyFile, 'utf8').trim()).toHaveLength(44);
  });

  it('refuses to start with the wrong key, with one clear line', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ ENCRYPTION_KEY: KeyRing.generateKeyText() }, { dataDir });
    await first.close();
    const result = await runServerProcess(['--port', '0'], { DATA_DIR: dataDir, ENCRYPTION_KEY: KeyRing.generateKeyText(), LOG_LEVEL: 'silent' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/ENCRYPTION_KEY does not match the key this database was sealed with/);
  });

  it('refuses a malformed key and a bad setting with a line naming it', async () => {
    const badKey = await runServerProcess([], { DATA_DIR: tempDir(), ENCRYPTION_KEY: 'short', LOG_LEVEL: 'silent' });
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/ENCRYPTION_KEY .* must be 32 bytes/);
    const badPort = await runServerProcess([], { DATA_DIR: tempDir(), PORT: 'http' });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr.trim()).toBe('Invalid configuration: PORT must be a whole number, got "http"');
  });

  it('rotates to a new key: old data still opens with the old key as previous, then without it', async () => {
    const dataDir = tempDir();
    const oldKey = KeyRing.generateKeyText();
    const newKey = KeyRing.generateKeyText();
    const first = await startTestServer({ ENCRYPTION_KEY: oldKey }, { dataDir });
    await first.request('POST', '/api/v1/clusters', { name: 'a', kubeconfig: buildKubeconfig({ server: 'https://127.0.0.1:1' }) });
    await first.close();
    const rotate = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/cli/rotate-keys.ts')], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, ENCRYPTION_KEY: newKey, ENCRYPTION_PREVIOUS_KEYS: oldKey },
      cwd: repoRoot,
    });
    expect(rotate.stdout).toMatch(/clusters\.kubeconfig: 1 re-sealed/);
    const after = await startTestServer({ ENCRYPTION_KEY: newKey }, { dataDir });
    const [cluster] = (await after.request('GET', '/api/v1/clusters')).json.items;
    const { kubeconfig } = await after.server.clusters.openKubeconfig(cluster.id);
    expect(kubeconfig).toContain('secret-token-value');
    await after.close();
  });
});

describe('data files (security finding 9)', () => {
  it('keeps the data dir 0700 and every file in it 0600, tightening what an earlier start left open', async () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    const first = await startTestServer({}, { dataDir });
    await first.request('POST', '/api/v1/clusters', { name: 'a', kubeconfig: buildKubeconfig({ server: 'https://127.0.0.1:1' }) });
    await first.close();
    const modes = () => Object.fromEntries(readdirSync(dataDir).map((name) => [name, statSync(path.join(dataDir, name)).mode & 0o777]));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(Object.keys(modes())).toContain('flux-orchestrator.db');
    for (const [name, mode] of Object.entries(modes())) expect(mode, name).toBe(0o600);

    // As an older version left them: readable by everyone. A restart tightens them.
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'flux-orchestrator.db'), 0o644);
    const second = await startTestServer({}, { dataDir });
    await second.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const [name, mode] of Object.entries(modes())) expect(mode, name).toBe(0o600);
  });
});
