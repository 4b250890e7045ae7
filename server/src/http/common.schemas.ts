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

/** Printable text without control characters (tabs and newlines included). */
export const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
export const NON_BLANK_PRINTABLE = '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$';

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
