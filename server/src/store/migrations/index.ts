import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';
import { initial } from './0001-initial.js';
import { azure } from './0002-azure.js';
import { fluxObjects } from './0003-flux-objects.js';
import { identity } from './0004-identity.js';
import { kubeEvents } from './0005-kube-events.js';
import { replicas } from './0006-replicas.js';
import { jobQueue } from './0007-job-queue.js';
import { fluxObjectLinks } from './0008-flux-object-links.js';
import { rateLimits } from './0009-rate-limits.js';
import { leaseDetailSeq } from './0010-lease-detail-seq.js';

/** Versioned migrations, applied in key order at start. Never edit one that has shipped. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const types = columnTypes(dialect);
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(types),
    '0002-azure': azure(types),
    '0003-flux-objects': fluxObjects(types),
    '0004-identity': identity(types),
    '0005-kube-events': kubeEvents(types),
    '0006-replicas': replicas(types),
    '0007-job-queue': jobQueue(types),
    '0008-flux-object-links': fluxObjectLinks(types),
    '0009-rate-limits': rateLimits(types),
    '0010-lease-detail-seq': leaseDetailSeq(types),
  };
  return { getMigrations: async () => migrations };
}
