import { describe, expect, it } from 'vitest';
import { KeyFormatError, KeyRing, SealedValueError } from './key-ring.js';
import { rotateKeys } from './rotate-keys.js';

describe('KeyRing', () => {
  const keyA = KeyRing.generateKeyText();
  const keyB = Buffer.alloc(32, 7).toString('hex');

  it('seals and opens, never leaving the plaintext visible', () => {
    const ring = KeyRing.fromText(keyA);
    const sealed = ring.seal('token-abc', 'ctx:1');
    expect(sealed).not.toContain('token-abc');
    expect(sealed.startsWith(`fo1.${ring.currentKeyId}.`)).toBe(true);
    expect(ring.open(sealed, 'ctx:1')).toBe('token-abc');
  });

  it('refuses a value moved to another row (context is authenticated)', () => {
    const ring = KeyRing.fromText(keyA);
    expect(() => ring.open(ring.seal('x', 'ctx:1'), 'ctx:2')).toThrow(SealedValueError);
  });

  it('refuses a wrong key with an error, never garbage', () => {
    const sealed = KeyRing.fromText(keyA).seal('secret', 'c');
    expect(() => KeyRing.fromText(keyB).open(sealed, 'c')).toThrow(/not in the key ring/);
  });

  it('opens old values with a previous key and seals new ones with the newest', () => {
    const oldRing = KeyRing.fromText(keyA);
    const sealed = oldRing.seal('secret', 'c');
    const rotated = KeyRing.fromText(keyB, [keyA]);
    expect(rotated.open(sealed, 'c')).toBe('secret');
    expect(KeyRing.keyIdOf(rotated.seal('secret', 'c'))).toBe(rotated.currentKeyId);
    expect(rotated.currentKeyId).not.toBe(oldRing.currentKeyId);
  });

  it.each([['too short', 'abcd'], ['31 bytes hex', 'ab'.repeat(31)], ['not base64', '***']])('rejects a key that is %s', (_label, key) => {
    expect(() => KeyRing.fromText(key)).toThrow(KeyFormatError);
  });

  it('rotateKeys re-seals only values under older keys', async () => {
    const old = KeyRing.fromText(keyA);
    const rows = new Map([
      ['1', old.seal('one', 'r:1')],
      ['2', old.seal('two', 'r:2')],
    ]);
    const ring = KeyRing.fromText(keyB, [keyA]);
    rows.set('3', ring.seal('three', 'r:3'));
    const collection = {
      name: 'test',
      list: async () => [...rows].map(([id, sealed]) => ({ id, sealed })),
      context: (id: string) => `r:${id}`,
      write: async (id: string, sealed: string) => void rows.set(id, sealed),
    };
    expect(await rotateKeys(ring, [collection])).toEqual([{ collection: 'test', resealed: 2, alreadyCurrent: 1 }]);
    const newOnly = KeyRing.fromText(keyB);
    expect([...rows].map(([id, sealed]) => newOnly.open(sealed, `r:${id}`))).toEqual(['one', 'two', 'three']);
  });
});
