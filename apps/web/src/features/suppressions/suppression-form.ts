import { z } from 'zod';

/**
 * The add form's fields as typed. The server reads the number (and answers 400 when it is not
 * one); here only what is plainly not a number is stopped, in words a person can act on.
 */
export const ZSuppressionForm = z.object({
  phone: z
    .string()
    .trim()
    .min(1, 'Enter a phone number')
    .max(40, 'At most 40 characters')
    .regex(/^\+?[\d\s().\-/]+$/, 'Only digits, spaces and + ( ) - . /')
    .refine((text) => text.replace(/\D/g, '').length >= 3, 'A phone number has more digits'),
  reason: z.string().trim().max(500, 'At most 500 characters'),
});
export type SuppressionForm = z.infer<typeof ZSuppressionForm>;

/** The body to send: an empty reason is left out. */
export function toSuppressionBody(form: SuppressionForm): { phone: string; reason?: string } {
  return form.reason === '' ? { phone: form.phone } : { phone: form.phone, reason: form.reason };
}
