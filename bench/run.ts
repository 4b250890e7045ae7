/**
 * `npm run bench [-- sim|azure|fleet ...]`: runs each benchmark in its own process and prints its
 * figures. A simulator CA is made first and handed to the benchmarks through the standard
 * NODE_EXTRA_CA_CERTS, exactly as a deployment trusts a private cloud's CA.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CertificateAuthority } from '../sim/src/pki/certificate-authority.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS: Record<string, { file: string; args: string[] }> = {
  sim: { file: 'sim/fleet-bench.ts', args: [] },
  azure: { file: 'azure/sync-bench.ts', args: [] },
  fleet: { file: 'fleet/fleet-bench.ts', args: [] },
  'fleet-index': { file: 'fleet/index-memory.ts', args: [] },
  export: { file: 'export/export-bench.ts', args: [] },
  ui: { file: 'ui/ui-bench.ts', args: [] },
  replicas: { file: 'replicas/replicas-bench.ts', args: [] },
};

// Leading names choose benchmarks (`npm run bench -- azure`); what follows goes to each of them
// (`npm run bench -- azure --runs 5`).
const args = process.argv.slice(2);
const selected: string[] = [];
while (args.length > 0 && args[0]! in BENCHMARKS) selected.push(args.shift()!);
const names = selected.length > 0 ? selected : Object.keys(BENCHMARKS);
const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-bench-ca-'));
const ca = await CertificateAuthority.create('flux-orchestrator-bench-ca');
const { certPem, keyPem } = await ca.exportPem();
writeFileSync(path.join(dir, 'ca.pem'), certPem);
writeFileSync(path.join(dir, 'ca-key.pem'), keyPem, { mode: 0o600 });

let failed = false;
for (const name of names) {
  const bench = BENCHMARKS[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  console.log(`\n### ${name} (${bench.file})`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, bench.file), ...bench.args, ...args], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'), FLUXO_TEST_CA_CERT_FILE: path.join(dir, 'ca.pem'), FLUXO_TEST_CA_KEY_FILE: path.join(dir, 'ca-key.pem') },
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) failed = true;
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
