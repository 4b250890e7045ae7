import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * What a Flux object reads besides its source and what it produces (an ArtifactGenerator's inputs
 * and ExternalArtifacts, a ResourceSet's input providers and applied objects), for the dependency
 * graph: `{"inputs": [ref], "generates": [ref]}`, null for the many objects that have neither.
 */
export function fluxObjectLinks(_types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('flux_objects').addColumn('links_json', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('flux_objects').dropColumn('links_json').execute();
    },
  };
}
