/**
 * meta.k8s.io Table documents, as kube-apiserver answers a get, list or watch whose Accept header
 * asks for `application/json;as=Table;v=v1;g=meta.k8s.io` (what `kubectl get` sends).
 */
import type { KubeObject } from '../store/types.js';
import { badRequest } from './kube-status.js';
import type { TablePrinter } from './table-printers.js';

/** `includeObject`: what each row carries besides its cells (default `Metadata`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  includeObject: IncludeObject;
}

export function parseIncludeObject(query: URLSearchParams): IncludeObject {
  const raw = query.get('includeObject');
  if (raw === null || raw === '') return 'Metadata';
  if (raw === 'None' || raw === 'Metadata' || raw === 'Object') return raw;
  throw badRequest(`unrecognized includeObject value: "${raw}"`);
}

/**
 * Renders stored objects as Table rows. `present` turns a stored object into the served version
 * (what `includeObject=Object` and the row's metadata show).
 */
export class TableRenderer {
  constructor(
    private readonly printer: TablePrinter,
    private readonly options: TableOptions,
    private readonly present: (object: KubeObject) => KubeObject,
  ) {}

  /** A whole Table; `metadata` is the list's (resourceVersion, continue, remainingItemCount) or the object's resourceVersion. */
  table(objects: KubeObject[], metadata: Record<string, unknown>, withColumns = true): Record<string, unknown> {
    const now = Date.now();
    return {
      kind: 'Table',
      apiVersion: `meta.k8s.io/${this.options.version}`,
      metadata,
      // Written as null when left out, as the Go struct has no omitempty (watch events after the first).
      columnDefinitions: withColumns ? this.printer.columns : null,
      rows: objects.map((object) => this.row(object, now)),
    };
  }

  /** Watch events' objects as one-row Tables; as kube-apiserver, only the first carries the columns. */
  watchEventRenderer(): (object: KubeObject) => Record<string, unknown> {
    let columnsSent = false;
    return (object) => {
      const table = this.table([object], { resourceVersion: object.metadata.resourceVersion }, !columnsSent);
      columnsSent = true;
      return table;
    };
  }

  private row(stored: KubeObject, now: number): Record<string, unknown> {
    const cells = this.printer.cells(stored, now);
    switch (this.options.includeObject) {
      case 'None':
        return { cells };
      case 'Object':
        return { cells, object: this.present(stored) };
      case 'Metadata':
        return { cells, object: { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${this.options.version}`, metadata: this.present(stored).metadata } };
    }
  }
}
