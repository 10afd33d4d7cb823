import { describe, expect, it } from 'vitest';
import type { CallLog } from '../../crm-service';
import { toTask } from './salesforce-writes';

const call: CallLog = {
  contactExternalId: '003000000000001AAA',
  startedAt: new Date('2026-03-04T23:30:00Z'),
  durationSec: 61.6,
  title: 'Call with Ada',
  body: 'Talked about renewal.\nVoiceAgent call c-1',
  marker: 'VoiceAgent call c-1',
  status: 'no_answer',
};

describe('toTask', () => {
  it('logs a completed outbound call Task on the contact, the body whole with its marker', () => {
    expect(toTask(call)).toEqual({
      Subject: 'Call with Ada',
      Description: 'Talked about renewal.\nVoiceAgent call c-1',
      WhoId: '003000000000001AAA',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 62,
      CallDisposition: 'No answer',
      Status: 'Completed',
      ActivityDate: '2026-03-04',
    });
  });

  it('prefers the given disposition and keeps 255-character fields within bounds', () => {
    const task = toTask({ ...call, disposition: 'Interested', title: 'x'.repeat(300) });
    expect(task.CallDisposition).toBe('Interested');
    expect(String(task.Subject)).toHaveLength(255);
  });
});
