import { readFileSync } from 'node:fs';
import { CertificateAuthority } from '@flux-orchestrator/sim/pki';

let shared: Promise<CertificateAuthority> | undefined;

/** The run's simulator CA (see vitest.global-setup.ts), which this process trusts via NODE_EXTRA_CA_CERTS. */
export function sharedTestCa(): Promise<CertificateAuthority> {
  const certFile = process.env.FLUXO_TEST_CA_CERT_FILE;
  const keyFile = process.env.FLUXO_TEST_CA_KEY_FILE;
  if (!certFile || !keyFile) throw new Error('FLUXO_TEST_CA_CERT_FILE is not set: run the tests through vitest (vitest.global-setup.ts)');
  shared ??= CertificateAuthority.load(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'));
  return shared;
}
