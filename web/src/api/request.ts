/**
 * How a failed API call looks to the app. Requests go through the typed client (`client.ts`,
 * whose `unwrap` throws {@link ApiRequestError}); components only use the resource modules' hooks.
 */

/** One field problem as the server reports it, e.g. `{field: 'body.kubeconfig', message}`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A failed API call, with the server's `{error: {code, message, details}}` parsed out. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /**
   * Problems keyed by the form field they belong to: `body.kubeconfig` → `kubeconfig`,
   * `body.labels.team` → `labels`. Several problems on one field are joined.
   */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const problem of this.details) {
      const field = problem.field.replace(/^(body|query|params)\./, '').split(/[./]/)[0] ?? '';
      if (!field) continue;
      byField[field] = byField[field] ? `${byField[field]}; ${problem.message}` : problem.message;
    }
    return byField;
  }

  /** Problems that belong to no field of the given form (shown above the form). */
  unplacedMessage(knownFields: readonly string[]): string | undefined {
    const fields = this.fieldErrors();
    const placed = Object.keys(fields).some((field) => knownFields.includes(field));
    if (placed && Object.keys(fields).every((field) => knownFields.includes(field))) return undefined;
    return this.message;
  }
}
