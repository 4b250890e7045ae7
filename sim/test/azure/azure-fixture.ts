import { request } from 'node:https';
import { CertificateAuthority } from '../../src/pki/certificate-authority.js';
import { type AzureSimulator, type AzureSimulatorOptions, type ProvisionClusterRequest, startAzureSimulator } from '../../src/azure/index.js';

export interface AzureTestBed {
  ca: CertificateAuthority;
  sim: AzureSimulator;
  /** Every provisionCluster call, in order. */
  provisioned: ProvisionClusterRequest[];
  /** Client certificate the stub hands out for local accounts. */
  clientCertificate: { certPem: string; keyPem: string };
}

/**
 * Starts the simulator with a stub `provisionCluster` that returns a fake API server URL per
 * cluster and the CA's PEM (the real Kubernetes wiring lives in fleet.ts).
 */
export async function startAzureTestBed(options: Partial<AzureSimulatorOptions> = {}): Promise<AzureTestBed> {
  const ca = await CertificateAuthority.create('azure-test-ca');
  const clientCertificate = await ca.issueClientCertificate({ commonName: 'masterclient', organizations: ['system:masters'] });
  const provisioned: ProvisionClusterRequest[] = [];
  let port = 40000;
  const sim = await startAzureSimulator({
    ca,
    provisionCluster: async (req) => {
      provisioned.push(req);
      port += 1;
      return { server: `https://127.0.0.1:${port}`, caPem: ca.certPem, clientCertificate };
    },
    ...options,
  });
  return { ca, sim, provisioned, clientCertificate };
}

/** A tenant, a subscription and a service principal holding the roles the product needs. */
export function standardScenario(sim: AzureSimulator, roles: Array<'Reader' | 'Azure Kubernetes Service Cluster User Role' | 'Azure Kubernetes Service Cluster Admin Role'> = ['Reader', 'Azure Kubernetes Service Cluster User Role']) {
  const tenant = sim.addTenant();
  const subscription = sim.addSubscription({ tenantId: tenant.tenantId, name: 'Production' });
  const sp = sim.addServicePrincipal({ tenantId: tenant.tenantId });
  for (const role of roles) sim.assignRole({ principalId: sp.objectId, role, scope: `/subscriptions/${subscription.subscriptionId}` });
  return { tenant, subscription, sp };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Plain HTTPS call trusting the test CA, to check wire shapes the SDKs hide. */
export function httpsCall(url: string, init: { method?: string; body?: string; headers?: Record<string, string>; ca: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca: init.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON; keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
