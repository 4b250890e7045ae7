import { Type, type Static } from '@sinclair/typebox';

/** The one error shape every route answers with. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed, not_found, conflict.' }),
      message: Type.String({ description: 'What went wrong and what to fix.' }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String({ description: 'The request field, e.g. body.name or kubeconfig.' }),
            message: Type.String(),
          }),
        ),
      ),
      request_id: Type.Optional(Type.String()),
    }),
  },
  { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

const patternMessages = new Map<string, string>();

/**
 * Registers what a pattern means in words, so a value that does not match it is told what to
 * fix ("must be an https:// URL") rather than shown a regular expression. Returns the pattern.
 */
export function describedPattern(pattern: string, message: string): string {
  patternMessages.set(pattern, message);
  return pattern;
}

/** The message for a value that does not match `pattern`. */
export function patternMessage(pattern: unknown): string {
  return (typeof pattern === 'string' && patternMessages.get(pattern)) || 'does not have the expected format';
}

/** Printable text without control characters (tabs and newlines included). */
export const PRINTABLE = describedPattern('^[^\\u0000-\\u001f\\u007f]*$', 'must not contain control characters (tabs, newlines)');
export const NON_BLANK_PRINTABLE = describedPattern('^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$', 'must not be blank or contain control characters (tabs, newlines)');

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
