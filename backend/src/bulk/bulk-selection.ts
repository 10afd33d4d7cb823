import type { TContactSelectionInput } from '@voiceagent/shared';
import { AppError } from '../http/app-error';

/** A bulk operation names its contacts: an empty selection is refused rather than read as "all of them". */
export function refuseEmptySelection(selection: TContactSelectionInput): void {
  if (selection.contactIds || selection.filter) return;
  const issues = [{ field: 'selection', message: 'Name the contacts: contactIds, a filter, or both' }];
  throw new AppError('validation_failed', 'Invalid request: the selection names no contacts', { issues });
}

/** A job with nothing to do is refused: none of the selected contacts is in a CRM object it writes to. */
export function refuseNothingSelected(): never {
  const issues = [{ field: 'selection', message: 'None of the selected contacts is in a CRM object this operation reaches' }];
  throw new AppError('validation_failed', 'Invalid request: nothing to do for the selected contacts', { issues });
}
