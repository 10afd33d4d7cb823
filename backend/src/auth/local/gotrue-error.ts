/**
 * An error in Supabase Auth's (GoTrue's) own shape — `{ code, error_code, msg }` — so that
 * supabase-js reports it exactly as it would against Supabase. Only the local /auth/v1 routes
 * use it; the product API uses AppError.
 */
export class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    /** Sent as Retry-After with a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GoTrueError';
  }

  toBody(): { code: number; error_code: string; msg: string } {
    return { code: this.status, error_code: this.errorCode, msg: this.message };
  }
}
