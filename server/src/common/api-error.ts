/**
 * An error the API shows to the caller as `{error: {code, message, details}}`. Features throw
 * these; the HTTP layer turns them into responses. Messages must be safe to show: no secrets.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ field: string; message: string }>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static validation(details: Array<{ field: string; message: string }>): ApiError {
    const summary = details.map((d) => `${d.field} ${d.message}`).join('; ');
    return new ApiError(400, 'validation_failed', summary, details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} was not found`);
  }

  static conflict(message: string): ApiError {
    return new ApiError(409, 'conflict', message);
  }
}
