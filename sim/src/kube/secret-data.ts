/**
 * core/v1 Secrets as kube-apiserver decodes them. `data` is `map[string][]byte`: each value is
 * base64 on the wire, decoded with Go's `base64.StdEncoding` (padding required, `\r`/`\n`
 * ignored) and encoded again on the way out, so what is stored and returned is canonical padded
 * base64. `stringData` is write-only: the v1 → internal conversion encodes each entry and merges it
 * into `data` (stringData wins on a shared key), and it is never stored or returned. An empty
 * `type` defaults to `Opaque`. This happens wherever the server decodes a Secret (create, update,
 * every patch type, server-side apply, dry runs), before validation and managed-fields tracking.
 *
 * What goes wrong while decoding is not a validation error: the request body cannot be decoded
 * (400 `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4`),
 * a patched object cannot be converted back (422 on the `patch` field), or server-side apply
 * cannot convert the merged object (500, from the field manager). See {@link SecretDecodeError}.
 */
import type { KubeObject } from '../store/types.js';

export const SECRETS_GROUP_RESOURCE = '/secrets';

/** The object is a core/v1 Secret (group '' and kind Secret). */
export function isSecretType(type: { group: string; kind: string }): boolean {
  return type.group === '' && type.kind === 'Secret';
}

/** Why a Secret could not be decoded: Go's own error text (`illegal base64 data at input byte 4`). */
export class SecretDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecodeError';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_MAP = new Int16Array(256).fill(-1);
for (let index = 0; index < ALPHABET.length; index += 1) DECODE_MAP[ALPHABET.charCodeAt(index)] = index;
const PAD = 0x3d; // '='
const isNewline = (byte: number | undefined): boolean => byte === 0x0a || byte === 0x0d;

/**
 * Go's `base64.StdEncoding.DecodeString`, quantum by quantum as Go decodes it, so a bad value
 * fails at the byte offset Go reports (`illegal base64 data at input byte N`, N counted in the
 * string's UTF-8 bytes). Returns the bytes, or the offset of the first bad byte.
 */
export function decodeGoBase64(text: string): { bytes: Buffer } | { corruptAt: number } {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum = [0, 0, 0, 0];
    let length = 4;
    let trailingGarbageAt: number | undefined;
    for (let j = 0; j < 4; j += 1) {
      if (si === src.length) {
        // Input ended inside a quantum: only a clean end (nothing read yet) is allowed.
        if (j === 0) return { bytes: Buffer.from(out) };
        return { corruptAt: si - j };
      }
      const byte = src[si]!;
      si += 1;
      const value = DECODE_MAP[byte]!;
      if (value !== -1) {
        quantum[j] = value;
        continue;
      }
      if (isNewline(byte)) {
        j -= 1;
        continue;
      }
      if (byte !== PAD) return { corruptAt: si - 1 };
      // Padding: only after two or three characters of a quantum.
      if (j === 0 || j === 1) return { corruptAt: si - 1 };
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si += 1;
        if (si === src.length) return { corruptAt: src.length };
        if (src[si] !== PAD) return { corruptAt: si - 1 };
        si += 1;
      }
      while (si < src.length && isNewline(src[si])) si += 1;
      if (si < src.length) trailingGarbageAt = si;
      length = j;
      break;
    }
    const value = (quantum[0]! << 18) | (quantum[1]! << 12) | (quantum[2]! << 6) | quantum[3]!;
    const bytes = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, length - 1));
    if (trailingGarbageAt !== undefined) return { corruptAt: trailingGarbageAt };
  }
  return { bytes: Buffer.from(out) };
}

/** The JSON type name Go's decoder reports in an UnmarshalTypeError (`number`, `object`, ...). */
function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function typeError(value: unknown, field: string, goType: string): SecretDecodeError {
  return new SecretDecodeError(`json: cannot unmarshal ${jsonTypeName(value)} into Go struct field Secret.${field} of type ${goType}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A Secret as written (the v1 wire form: base64 `data`, plain `stringData`) → as the API server
 * stores and returns it: `data` canonical base64 with `stringData` merged in (keys sorted, as Go
 * encodes a map; omitted when empty), no `stringData`, `type` defaulted to `Opaque`. Throws
 * {@link SecretDecodeError} with Go's message for a value that cannot be decoded.
 */
export function secretFromWire(object: KubeObject): KubeObject {
  const { data, stringData, ...rest } = object;
  const merged = new Map<string, Buffer>();
  if (data !== undefined && data !== null) {
    if (!isRecord(data)) throw typeError(data, 'data', 'map[string][]uint8');
    for (const [key, value] of Object.entries(data)) {
      if (value === null) {
        merged.set(key, Buffer.alloc(0));
        continue;
      }
      if (typeof value !== 'string') throw typeError(value, 'data', '[]uint8');
      const decoded = decodeGoBase64(value);
      if ('corruptAt' in decoded) throw new SecretDecodeError(`illegal base64 data at input byte ${decoded.corruptAt}`);
      merged.set(key, decoded.bytes);
    }
  }
  if (stringData !== undefined && stringData !== null) {
    if (!isRecord(stringData)) throw typeError(stringData, 'stringData', 'map[string]string');
    for (const [key, value] of Object.entries(stringData)) {
      if (value !== null && typeof value !== 'string') throw typeError(value, 'stringData', 'string');
      merged.set(key, Buffer.from(value ?? '', 'utf8'));
    }
  }
  const stored: KubeObject = { ...rest };
  if (merged.size > 0) {
    const keys = [...merged.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    stored.data = Object.fromEntries(keys.map((key) => [key, merged.get(key)!.toString('base64')]));
  }
  if (typeof stored.type !== 'string' || stored.type === '') stored.type = 'Opaque';
  return stored;
}

/** The decoded bytes of a stored Secret's `data` entries (stored values are canonical base64). */
export function secretBytes(secret: KubeObject): Map<string, Buffer> {
  const data = isRecord(secret.data) ? secret.data : {};
  return new Map(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string').map(([key, value]) => [key, Buffer.from(value, 'base64')]));
}

/**
 * Go's `fmt.Sprintf("%+v", value)` of a decoded JSON value (maps print as `map[k:v ...]` with
 * sorted keys, slices as `[a b]`, null as `<nil>`): how kube-apiserver quotes a strategic-merge
 * patch it could not convert.
 */
export function goFormatValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormatValue).join(' ')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${keys.map((key) => `${key}:${goFormatValue(value[key])}`).join(' ')}]`;
  }
  return String(value);
}
