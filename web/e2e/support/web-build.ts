import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_ROOT = path.resolve(WEB_ROOT, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A hash of everything the bundle is made from, so an unchanged app is built once, not per test file. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(path.join(WEB_ROOT, 'src')), path.join(WEB_ROOT, 'index.html'), path.join(WEB_ROOT, 'vite.config.ts'), path.join(WEB_ROOT, 'scripts', 'precompress.ts')].sort();
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the production web app (the real `vite build`) into a temp directory keyed by the
 * source hash and returns it; test files running in parallel share one build (atomic rename).
 */
export async function ensureWebBuild(): Promise<string> {
  const outDir = path.join(os.tmpdir(), `fo-web-e2e-${sourceHash()}`);
  if (existsSync(path.join(outDir, 'index.html'))) return outDir;
  const staging = await mkdtemp(path.join(os.tmpdir(), 'fo-web-build-'));
  // Wherever npm put it (hoisted or not), the vite that web/ resolves.
  const vitePackage = createRequire(path.join(WEB_ROOT, 'package.json')).resolve('vite/package.json');
  const viteCli = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  // NODE_ENV as a user's `npm run build` has it: vitest sets it to `test`, and vite then builds
  // React's development bundle (checks and owner stacks make rows render 3–4× slower).
  await run(process.execPath, [viteCli, 'build', '--outDir', staging, '--emptyOutDir', '--logLevel', 'error'], { cwd: WEB_ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  try {
    await rename(staging, outDir);
  } catch {
    // Another test file finished the same build first; use theirs.
    await rm(staging, { recursive: true, force: true });
  }
  return outDir;
}
