import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals secrets with AES-256-GCM under a versioned key ring. A sealed value is a string
 * `fo1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); keyId is a short fingerprint of the
 * key, so any key still in the ring can open values it sealed, and new writes always use the
 * newest key. The caller passes a `context` (e.g. `clusters.kubeconfig:<id>`) that is bound as
 * additional authenticated data: a sealed value copied to another row does not open.
 */
export class KeyRing {
  private readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  /** `current` seals new values; `previous` keys are only used to open old ones. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    this.keys = new Map();
    for (const key of [current, ...previous]) this.keys.set(keyId(key), key);
    this.currentKeyId = keyId(current);
  }

  /** Parses keys given as base64 or hex text; throws KeyFormatError naming the problem. */
  static fromText(current: string, previous: string[] = []): KeyRing {
    return new KeyRing(parseKey(current), previous.map(parseKey));
  }

  static generateKeyText(): string {
    return randomBytes(32).toString('base64');
  }

  hasKey(id: string): boolean {
    return this.keys.has(id);
  }

  seal(plaintext: string, context: string): string {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['fo1', this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
  }

  /** Throws SealedValueError when the key is unknown or the value was tampered with. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== 'fo1') throw new SealedValueError('is not a sealed value');
    const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = this.keys.get(id);
    if (!key) throw new SealedValueError(`was sealed with key ${id}, which is not in the key ring`, id);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError('failed authentication (wrong key or altered data)', id);
    }
  }

  /** The key id a sealed value names, without opening it. */
  static keyIdOf(sealed: string): string | undefined {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === 'fo1' ? parts[1] : undefined;
  }
}

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

export class SealedValueError extends Error {
  constructor(
    problem: string,
    readonly keyId?: string,
  ) {
    super(`Sealed value ${problem}`);
    this.name = 'SealedValueError';
  }
}

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  if (!key || key.length !== 32) {
    throw new KeyFormatError('must be 32 bytes written as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`');
  }
  return key;
}

function keyId(key: Buffer): string {
  // A fingerprint, not the key: safe to store beside the ciphertext and to show in errors.
  return createHash('sha256').update('flux-orchestrator-key-id').update(key).digest('hex').slice(0, 12);
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
