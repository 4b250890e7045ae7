import type { KeyRing } from './key-ring.js';
import { KeyRing as KeyRingClass } from './key-ring.js';

/** One kind of sealed value stored somewhere (e.g. cluster kubeconfigs, Azure client secrets). */
export interface SealedCollection {
  name: string;
  list(): Promise<Array<{ id: string; sealed: string }>>;
  /** The AAD context the value was sealed with. */
  context(id: string): string;
  write(id: string, sealed: string): Promise<void>;
}

export interface RotationReport {
  collection: string;
  resealed: number;
  alreadyCurrent: number;
}

/**
 * Re-seals every value under the newest key. Values already under it are left alone, so the
 * command can be re-run after an interruption.
 */
export async function rotateKeys(keyRing: KeyRing, collections: SealedCollection[]): Promise<RotationReport[]> {
  const reports: RotationReport[] = [];
  for (const collection of collections) {
    const report: RotationReport = { collection: collection.name, resealed: 0, alreadyCurrent: 0 };
    for (const { id, sealed } of await collection.list()) {
      if (KeyRingClass.keyIdOf(sealed) === keyRing.currentKeyId) {
        report.alreadyCurrent += 1;
        continue;
      }
      const context = collection.context(id);
      await collection.write(id, keyRing.seal(keyRing.open(sealed, context), context));
      report.resealed += 1;
    }
    reports.push(report);
  }
  return reports;
}
