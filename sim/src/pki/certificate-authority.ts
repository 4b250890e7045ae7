import 'reflect-metadata';
import { webcrypto, createPrivateKey, randomBytes } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is what @peculiar/x509 expects; the DOM `Crypto` type is not in Node's lib.
x509.cryptoProvider.set(webcrypto as never);

/** ECDSA P-256 keeps key generation cheap enough for hundreds of simulated clusters. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssuedCertificate {
  certPem: string;
  /** PKCS#8 PEM private key. */
  keyPem: string;
}

export interface ServerCertificateOptions {
  /** DNS names and IP addresses for the subjectAltName (default: localhost, 127.0.0.1, ::1). */
  hosts?: string[];
  commonName?: string;
}

export interface ClientCertificateOptions {
  /** Kubernetes user name (subject CN). */
  commonName: string;
  /** Kubernetes groups (subject O). */
  organizations?: string[];
}

/**
 * A throwaway certificate authority for the simulators. Its PEM goes into the kubeconfigs the
 * simulator writes and into NODE_EXTRA_CA_CERTS for the Azure SDK clients.
 */
export class CertificateAuthority {
  private constructor(
    readonly certPem: string,
    private readonly cert: x509.X509Certificate,
    private readonly keys: CryptoKeyPair,
  ) {}

  /**
   * Re-opens a CA saved with `exportPem()`, e.g. one made before the test process started so that
   * NODE_EXTRA_CA_CERTS can name it (Node reads that variable only at start-up).
   */
  static async load(certPem: string, keyPem: string): Promise<CertificateAuthority> {
    const cert = new x509.X509Certificate(certPem);
    const pkcs8 = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' });
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, ALGORITHM, true, ['sign']);
    const publicKey = await cert.publicKey.export(ALGORITHM, ['verify']);
    return new CertificateAuthority(certPem, cert, { privateKey, publicKey });
  }

  /** The CA's certificate and private key (PKCS#8) as PEM. */
  async exportPem(): Promise<{ certPem: string; keyPem: string }> {
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', this.keys.privateKey));
    const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
    return { certPem: this.certPem, keyPem };
  }

  static async create(name = 'flux-orchestrator-sim-ca'): Promise<CertificateAuthority> {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=${name}`,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 3650 * DAY_MS),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return new CertificateAuthority(cert.toString('pem'), cert, keys);
  }

  async issueServerCertificate(options: ServerCertificateOptions = {}): Promise<IssuedCertificate> {
    const hosts = options.hosts ?? ['localhost', '127.0.0.1', '::1'];
    const sans = hosts.map((host) =>
      /^[\d.]+$/.test(host) || host.includes(':') ? { type: 'ip' as const, value: host } : { type: 'dns' as const, value: host },
    );
    return this.issue(`CN=${options.commonName ?? hosts[0] ?? 'localhost'}`, [
      new x509.SubjectAlternativeNameExtension(sans),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ]);
  }

  async issueClientCertificate(options: ClientCertificateOptions): Promise<IssuedCertificate> {
    const subject = [`CN=${options.commonName}`, ...(options.organizations ?? []).map((o) => `O=${o}`)].join(', ');
    return this.issue(subject, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]);
  }

  private async issue(subject: string, extensions: x509.Extension[]): Promise<IssuedCertificate> {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const now = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: this.cert.subject,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 365 * DAY_MS),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert, false),
        ...extensions,
      ],
    });
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
    return { certPem: cert.toString('pem'), keyPem };
  }
}

function serial(): string {
  // Positive 16-byte serial (top bit cleared) as RFC 5280 requires.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}
