import { SEGMENT_DESCRIPTION_MAX, SEGMENT_NAME_MAX } from '@voiceagent/shared';
import { ApiError } from '../../lib/api-client';

export type SegmentFields = { name: string; description: string };
export type SegmentFieldErrors = Partial<Record<keyof SegmentFields, string>>;

/** The same bounds the server checks, said before a request is sent. */
export function validateSegmentFields(fields: SegmentFields): SegmentFieldErrors {
  const errors: SegmentFieldErrors = {};
  const name = fields.name.trim();
  if (name === '') errors.name = 'Enter a name';
  else if (name.length > SEGMENT_NAME_MAX) errors.name = `At most ${SEGMENT_NAME_MAX} characters`;
  if (fields.description.trim().length > SEGMENT_DESCRIPTION_MAX) errors.description = `At most ${SEGMENT_DESCRIPTION_MAX} characters`;
  return errors;
}

/** The server's word on a field (a name taken, 409; a name too long, 400) placed on that field. */
export function toSegmentFieldErrors(error: unknown): SegmentFieldErrors {
  if (!(error instanceof ApiError)) return {};
  const issues = (error.details as { issues?: Array<{ field: string; message: string }> } | undefined)?.issues ?? [];
  const errors: SegmentFieldErrors = {};
  for (const issue of issues) {
    if (issue.field === 'name' || issue.field === 'description') errors[issue.field] ??= issue.message;
  }
  return errors;
}
