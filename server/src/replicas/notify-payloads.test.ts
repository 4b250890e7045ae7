import { describe, expect, it } from 'vitest';
import { MAX_NOTIFY_BYTES, packPayloads, unpackPayload } from './notify-payloads.js';

describe('NOTIFY payloads', () => {
  it('packs items into as few payloads as fit under the limit, in order, and unpacks them on other replicas', () => {
    const items = Array.from({ length: 500 }, (_, index) => JSON.stringify({ d: `cluster/Kustomization/ns/app-${index}-é` }));
    const payloads = packPayloads('replica-a', items);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_NOTIFY_BYTES);
    const unpacked = payloads.map((payload) => unpackPayload<{ d: string }>(payload, 'replica-b')!);
    expect(unpacked.every((payload) => payload.origin === 'replica-a')).toBe(true);
    expect(unpacked.flatMap((payload) => payload.items)).toEqual(items.map((item) => JSON.parse(item)));
  });

  it('hands an item too large for any payload to the caller, and skips a replica\'s own payloads unparsed', () => {
    const oversize: string[] = [];
    const large = JSON.stringify({ u: { message: 'x'.repeat(MAX_NOTIFY_BYTES) } });
    const payloads = packPayloads('replica-a', [large, '{"d":"k"}'], (item) => oversize.push(item));
    expect(oversize).toEqual([large]);
    expect(payloads).toHaveLength(1);
    expect(unpackPayload(payloads[0]!, 'replica-a')).toBeUndefined();
    expect(unpackPayload(payloads[0]!, 'replica-ab')).toEqual({ origin: 'replica-a', items: [{ d: 'k' }] });
  });
});
