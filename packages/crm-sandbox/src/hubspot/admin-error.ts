import type { z } from 'zod';

export type AdminErrorCode =
  | 'invalid_admin_input'
  | 'account_not_found'
  | 'app_not_found'
  | 'field_not_found'
  | 'account_exists'
  | 'app_exists'
  | 'field_exists'
  | 'field_not_editable'
  | 'list_not_found';

/** A refusal of an admin call; the admin routes answer `{ error: { code, message, details } }`. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export const ADMIN_ERROR_STATUS: Record<AdminErrorCode, number> = {
  invalid_admin_input: 400,
  account_not_found: 404,
  app_not_found: 404,
  field_not_found: 404,
  account_exists: 409,
  app_exists: 409,
  field_exists: 409,
  field_not_editable: 409,
  list_not_found: 404,
};

export function parseAdminInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new AdminError('invalid_admin_input', 'The admin request is not valid', parsed.error.issues);
  return parsed.data;
}
