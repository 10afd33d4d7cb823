import type { TSuppression, TSuppressionCrmWriteBack } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { describeCrmWriteBack, isAnyWriteBackQueued } from './crm-write-back';

const JOB = '7b0c3d1e-6a53-4f5e-9a4b-2a1f0c9d8e77';
const writeBack = (changes: Partial<TSuppressionCrmWriteBack>): TSuppressionCrmWriteBack => ({ status: 'off', jobIds: [], records: 0, failed: 0, error: null, ...changes });
const suppression = (status: TSuppressionCrmWriteBack['status']): TSuppression => ({
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  phoneE164: '+12125550134',
  reason: null,
  source: 'api',
  createdAt: '2026-12-03T18:00:00.000Z',
  crmWriteBack: writeBack({ status }),
});

describe('a suppression’s CRM write-back, as the list shows it', () => {
  it('says the setting was off, or that no CRM record had a field to set', () => {
    expect(describeCrmWriteBack(writeBack({ status: 'off' }))).toMatchObject({ label: 'Not written', color: 'gray' });
    expect(describeCrmWriteBack(writeBack({ status: 'nothing_to_update' })).detail).toMatch(/map one on the CRM page/);
  });

  it('counts the records being written and written, naming the bulk update', () => {
    expect(describeCrmWriteBack(writeBack({ status: 'queued', records: 1, jobIds: [JOB] }))).toEqual({
      label: 'Writing…',
      color: 'blue',
      detail: `Setting do not call on 1 CRM record. Bulk update ${JOB}.`,
    });
    expect(describeCrmWriteBack(writeBack({ status: 'done', records: 3, jobIds: [JOB] })).detail).toBe(`Do not call is set on 3 CRM records. Bulk update ${JOB}.`);
  });

  it('shows how many records failed and the CRM’s reason', () => {
    const view = describeCrmWriteBack(writeBack({ status: 'failed', records: 2, failed: 1, error: 'ENTITY_IS_DELETED: entity is deleted', jobIds: [JOB] }));
    expect(view).toMatchObject({ label: 'Write-back failed', color: 'red' });
    expect(view.detail).toBe(`1 of 2 CRM records could not be set: ENTITY_IS_DELETED: entity is deleted. Bulk update ${JOB}.`);
  });

  it('asks the list to look again only while a write-back is under way', () => {
    expect(isAnyWriteBackQueued([suppression('done'), suppression('queued')])).toBe(true);
    expect(isAnyWriteBackQueued([suppression('done'), suppression('failed'), suppression('off')])).toBe(false);
  });
});
