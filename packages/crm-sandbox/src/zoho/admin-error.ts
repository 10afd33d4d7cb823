/** A refused admin request; the admin routes write it as { error: { code, message } }. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: 'invalid_request' | 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}
