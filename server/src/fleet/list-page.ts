import { findFluxKind, type FluxObjectLike } from '@flux-orchestrator/flux-model';
import type { ListPage } from './kind-watcher.js';
import { digestOf, type ObjectDigest } from './resource-record.js';

// What the list decoder's worker thread runs (list-decoder.ts). It imports nothing but the Flux
// model (types aside), so the worker starts in milliseconds and holds no copy of the server's modules.

/** One page of a Flux kind's list, its items digested: what a KindWatcher's page reader gives. */
export type DecodedPage = ListPage<ObjectDigest>;

/**
 * Parses one list page (the JSON bytes the API server sent) and digests its items. Pure: it runs
 * on the decoder's worker thread, or here.
 */
export function decodeListPage(kindName: string, apiVersion: string, body: Uint8Array): DecodedPage {
  const kind = findFluxKind(kindName);
  if (!kind) throw new Error(`${kindName} is not a Flux kind`);
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const list = JSON.parse(text) as { items?: FluxObjectLike[]; metadata?: { resourceVersion?: string; continue?: string } };
  const items: ObjectDigest[] = [];
  for (const item of list.items ?? []) {
    if (!item.metadata?.name) continue;
    // List items carry no apiVersion or kind: the list's own.
    items.push(digestOf(kind, { ...item, apiVersion: item.apiVersion ?? apiVersion, kind: kind.kind }));
  }
  const { resourceVersion, continue: next } = list.metadata ?? {};
  return { items, ...(resourceVersion ? { resourceVersion } : {}), ...(next ? { continue: next } : {}) };
}

export type DecoderRequest = { id: number; kind: string; apiVersion: string; body: Uint8Array };
export type DecoderResponse = { type: 'ready' } | { id: number; page: DecodedPage } | { id: number; error: string };
