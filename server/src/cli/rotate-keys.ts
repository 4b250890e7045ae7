#!/usr/bin/env node
/**
 * `npm run rotate-keys`: re-seals every stored secret under the newest key.
 * Set ENCRYPTION_KEY to the new key and ENCRYPTION_PREVIOUS_KEYS to the old one(s), run this,
 * then drop the old keys. Safe to re-run; values already under the new key are skipped.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AzureIdentityRegistry, AzureSubscriptionsService } from '../azure/index.js';
import { ClustersService } from '../clusters/index.js';
import { createLogger } from '../logging/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { EventBus } from '../events/index.js';
import { loadKeyRing, resealCanary, rotateKeys, verifyKeyRing } from '../secrets/index.js';
import { AzureSubscriptionsRepo, ClustersRepo, openDatabase, SettingsRepo } from '../store/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env, repoRoot);
  const { keyRing } = await loadKeyRing({
    encryptionKey: config.encryptionKey,
    previousKeys: config.previousEncryptionKeys,
    dataDir: config.dataDir,
    allowGenerate: false,
  });
  const database = await openDatabase(config.databaseUrl);
  try {
    const settings = new SettingsRepo(database.db);
    await verifyKeyRing(settings, keyRing);
    // Every feature that seals values contributes its collection to this list.
    const clusters = new ClustersService({ repo: new ClustersRepo(database.db), keyRing, events: new EventBus(), rules: { execAllowlist: config.execAllowlist } });
    const events = new EventBus();
    const azure = new AzureSubscriptionsService({
      repo: new AzureSubscriptionsRepo(database.db),
      clusters,
      identities: new AzureIdentityRegistry(),
      keyRing,
      events,
      logger: createLogger('silent'),
      syncConcurrency: 1,
      requestHealthCheck: () => undefined,
    });
    const reports = await rotateKeys(keyRing, [clusters.sealedCollection(), azure.sealedCollection()]);
    await resealCanary(settings, keyRing);
    for (const report of reports) console.log(`${report.collection}: ${report.resealed} re-sealed, ${report.alreadyCurrent} already under key ${keyRing.currentKeyId}`);
    console.log('Done. Old keys can be removed from ENCRYPTION_PREVIOUS_KEYS.');
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `rotate-keys failed: ${(error as Error).message}`);
  process.exit(1);
});
