import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KeyFormatError, KeyRing } from './key-ring.js';

export const GENERATED_KEY_FILE = 'encryption.key';

export interface KeySourceResult {
  keyRing: KeyRing;
  /** Set when the key was generated on this start (the caller logs how to set it explicitly). */
  generatedKeyFile?: string;
  /** Set when the key came from the data dir rather than ENCRYPTION_KEY. */
  keyFile?: string;
}

/**
 * Builds the key ring from ENCRYPTION_KEY (+ previous keys). On the embedded default with no key,
 * reads `<dataDir>/encryption.key`, generating it (mode 0600) on first start.
 */
export async function loadKeyRing(options: {
  encryptionKey: string | undefined;
  previousKeys: string[];
  dataDir: string;
  allowGenerate: boolean;
}): Promise<KeySourceResult> {
  const withSetting = (setting: string, build: () => KeyRing): KeyRing => {
    try {
      return build();
    } catch (error) {
      if (error instanceof KeyFormatError) throw new KeyFormatError(`${setting} ${error.message}`);
      throw error;
    }
  };
  if (options.encryptionKey) {
    return { keyRing: withSetting('ENCRYPTION_KEY / ENCRYPTION_PREVIOUS_KEYS', () => KeyRing.fromText(options.encryptionKey!, options.previousKeys)) };
  }
  const file = path.join(options.dataDir, GENERATED_KEY_FILE);
  let text: string | undefined;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text) return { keyRing: withSetting(file, () => KeyRing.fromText(text!, options.previousKeys)), keyFile: file };
  if (!options.allowGenerate) {
    throw new KeyFormatError('ENCRYPTION_KEY is not set; it is required when DATABASE_URL is not the embedded SQLite default');
  }
  await mkdir(options.dataDir, { recursive: true });
  const generated = KeyRing.generateKeyText();
  await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { keyRing: KeyRing.fromText(generated, options.previousKeys), generatedKeyFile: file, keyFile: file };
}
