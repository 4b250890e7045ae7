/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; leave room for multi-byte text. */
export const MAX_NOTIFY_BYTES = 7_500;

/**
 * Packs JSON items into as few payloads as fit under MAX_NOTIFY_BYTES, each `{"o":origin,"i":[…]}`.
 * An item too large for any payload is passed to `oversize` instead (the caller sends a reference).
 */
export function packPayloads(origin: string, items: string[], oversize?: (item: string) => void): string[] {
  const head = `{"o":${JSON.stringify(origin)},"i":[`;
  const payloads: string[] = [];
  let current: string[] = [];
  let size = head.length + 2;
  for (const item of items) {
    const itemSize = Buffer.byteLength(item) + 1;
    if (head.length + 2 + itemSize > MAX_NOTIFY_BYTES) {
      oversize?.(item);
      continue;
    }
    if (size + itemSize > MAX_NOTIFY_BYTES) {
      payloads.push(`${head}${current.join(',')}]}`);
      current = [];
      size = head.length + 2;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) payloads.push(`${head}${current.join(',')}]}`);
  return payloads;
}

/**
 * A packed payload's sender and items, or undefined when `self` sent it: PostgreSQL delivers a
 * replica's own notifications back to it, and a cold sync's are tens of megabytes of JSON that
 * are not parsed for nothing (the sender is the payload's first field).
 */
export function unpackPayload<T>(payload: string, self: string): { origin: string; items: T[] } | undefined {
  if (payload.startsWith(`{"o":${JSON.stringify(self)},`)) return undefined;
  const parsed = JSON.parse(payload) as { o: string; i: T[] };
  return { origin: parsed.o, items: parsed.i };
}
