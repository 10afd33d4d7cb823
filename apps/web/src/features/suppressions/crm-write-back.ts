import type { TCrmWriteBackStatus, TSuppression, TSuppressionCrmWriteBack } from '@voiceagent/shared';

/** How the list shows a suppression's write-back to the CRMs: a short label, its colour, and the detail behind it. */
export type CrmWriteBackView = { label: string; color: string; detail: string };

const COLORS: Record<TCrmWriteBackStatus, string> = { off: 'gray', nothing_to_update: 'gray', queued: 'blue', done: 'green', failed: 'red' };

const records = (count: number) => `${count.toLocaleString('en')} CRM record${count === 1 ? '' : 's'}`;

/** Words for one suppression's write-back; the job ids are named so support can find the bulk update. */
export function describeCrmWriteBack(writeBack: TSuppressionCrmWriteBack): CrmWriteBackView {
  const color = COLORS[writeBack.status];
  const jobs = writeBack.jobIds.length === 0 ? '' : ` Bulk update ${writeBack.jobIds.join(', ')}.`;
  switch (writeBack.status) {
    case 'off':
      return { label: 'Not written', color, detail: 'Writing suppressions back to the CRMs was off when this number was added.' };
    case 'nothing_to_update':
      return {
        label: 'Nothing to update',
        color,
        detail: 'No contact with this number in a connected CRM had a do-not-call field to set (map one on the CRM page), or all were marked already.',
      };
    case 'queued':
      return { label: 'Writing…', color, detail: `Setting do not call on ${records(writeBack.records)}.${jobs}` };
    case 'done':
      return { label: 'Written to CRM', color, detail: `Do not call is set on ${records(writeBack.records)}.${jobs}` };
    case 'failed':
      return {
        label: 'Write-back failed',
        color,
        detail: `${writeBack.failed.toLocaleString('en')} of ${records(writeBack.records)} could not be set${writeBack.error ? `: ${writeBack.error}` : ''}.${jobs}`,
      };
  }
}

/** Whether the list should look again soon: some write-back is still under way. */
export function isAnyWriteBackQueued(suppressions: readonly TSuppression[]): boolean {
  return suppressions.some((suppression) => suppression.crmWriteBack.status === 'queued');
}
