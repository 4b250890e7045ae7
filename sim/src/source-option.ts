/**
 * `--source URL=DIR` of `npm run sim`: a GitRepository/OCIRepository URL served from a local
 * directory (see flux/local-kustomize.ts). Parsing is kept out of cli.ts so the rules are in one
 * small place; each failure is an Error whose message the CLI prints above its usage.
 */
import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { localSourceDir, type LocalSource } from './flux/local-kustomize.js';

/** The URL schemes Flux accepts: GitRepository `http(s)://`, `ssh://`; OCIRepository `oci://`. */
const SCHEMES = ['http:', 'https:', 'ssh:', 'oci:'];

function checkUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !SCHEMES.includes(parsed.protocol) || parsed.host === '') {
    throw new Error(`--source URL must be an http://, https://, ssh:// or oci:// URL with a host, got "${url}"`);
  }
}

function checkDirectory(dir: string, given: string): void {
  let stats: Stats;
  try {
    stats = statSync(dir);
  } catch {
    throw new Error(`--source directory "${given}" does not exist (${dir})`);
  }
  if (!stats.isDirectory()) throw new Error(`--source "${given}" is not a directory (${dir})`);
}

/**
 * One `--source URL=DIR` value (split at the first `=`), DIR resolved against `cwd`. Throws on a
 * missing `=`, URL or DIR, a URL Flux would not accept, a DIR that is not an existing directory,
 * and a URL already mapped by `earlier` (compared as the controllers compare them).
 */
export function parseSourceOption(raw: string, cwd: string, earlier: readonly LocalSource[] = []): LocalSource {
  const at = raw.indexOf('=');
  const url = at < 0 ? '' : raw.slice(0, at).trim();
  const given = at < 0 ? '' : raw.slice(at + 1).trim();
  if (url === '' || given === '') throw new Error(`--source needs URL=DIR, got "${raw}"`);
  checkUrl(url);
  const dir = resolve(cwd, given);
  checkDirectory(dir, given);
  if (localSourceDir(earlier, url) !== undefined) throw new Error(`--source maps ${url} more than once`);
  return { url, dir };
}

/** Every `--source` value in order; see parseSourceOption. */
export function parseSourceOptions(values: readonly string[], cwd: string): LocalSource[] {
  const sources: LocalSource[] = [];
  for (const raw of values) sources.push(parseSourceOption(raw, cwd, sources));
  return sources;
}
