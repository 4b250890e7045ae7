import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CertificateAuthority } from './sim/src/pki/certificate-authority.js';

/**
 * One simulator CA for the whole run, made before any test worker starts, so that workers can
 * trust it through the standard NODE_EXTRA_CA_CERTS (Node reads it only at process start). The
 * product code then reaches the simulated Entra ID and ARM exactly as it would a private cloud.
 */
export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-test-ca-'));
  const ca = await CertificateAuthority.create('flux-orchestrator-test-ca');
  const { certPem, keyPem } = await ca.exportPem();
  const certFile = path.join(dir, 'ca.pem');
  const keyFile = path.join(dir, 'ca-key.pem');
  writeFileSync(certFile, certPem);
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  process.env.NODE_EXTRA_CA_CERTS = certFile;
  process.env.FLUXO_TEST_CA_CERT_FILE = certFile;
  process.env.FLUXO_TEST_CA_KEY_FILE = keyFile;
  return () => rmSync(dir, { recursive: true, force: true });
}
