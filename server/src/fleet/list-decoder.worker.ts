import { parentPort } from 'node:worker_threads';
import { decodeListPage, type DecoderRequest, type DecoderResponse } from './list-page.js';

// The list decoder's thread (list-decoder.ts): bytes of one list page in, digests out.
const port = parentPort!;
port.on('message', (request: DecoderRequest) => {
  let response: DecoderResponse;
  try {
    response = { id: request.id, page: decodeListPage(request.kind, request.apiVersion, request.body) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
port.postMessage({ type: 'ready' } satisfies DecoderResponse);
