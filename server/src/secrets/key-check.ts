import type { KeyRing} from './key-ring.js';
import { SealedValueError } from './key-ring.js';

const CANARY_SETTING = 'encryption.canary';
const CANARY_CONTEXT = 'settings.encryption.canary';
const CANARY_TEXT = 'flux-orchestrator key check';

export interface CanaryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export class WrongEncryptionKeyError extends Error {
  constructor(detail: string) {
    super(
      `ENCRYPTION_KEY does not match the key this database was sealed with (${detail}). ` +
        'Start with the original key, or put it in ENCRYPTION_PREVIOUS_KEYS and run `npm run rotate-keys` to move to a new one.',
    );
    this.name = 'WrongEncryptionKeyError';
  }
}

/**
 * Proves at start-up that the key ring can open what this database holds, so a wrong key fails
 * loudly instead of yielding garbage later. The canary is written on first start.
 */
export async function verifyKeyRing(store: CanaryStore, keyRing: KeyRing): Promise<void> {
  const canary = await store.get(CANARY_SETTING);
  if (canary === undefined) {
    await store.set(CANARY_SETTING, keyRing.seal(CANARY_TEXT, CANARY_CONTEXT));
    return;
  }
  try {
    if (keyRing.open(canary, CANARY_CONTEXT) !== CANARY_TEXT) throw new WrongEncryptionKeyError('key check value differs');
  } catch (error) {
    if (error instanceof SealedValueError) {
      throw new WrongEncryptionKeyError(error.keyId ? `data sealed with key id ${error.keyId}` : error.message);
    }
    throw error;
  }
}

/** Re-seals the canary with the newest key (part of key rotation). */
export async function resealCanary(store: CanaryStore, keyRing: KeyRing): Promise<void> {
  await store.set(CANARY_SETTING, keyRing.seal(CANARY_TEXT, CANARY_CONTEXT));
}
