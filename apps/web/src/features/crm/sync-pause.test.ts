import { describe, expect, it } from 'vitest';
import { describeSyncPause } from './sync-pause';

const now = new Date('2026-03-02T12:00:00Z');
const berlin = { locale: 'en-GB', timeZone: 'Europe/Berlin' };
const pause = (until: string, message = "Salesforce's daily API allowance is down to the share kept for your other integrations") => ({
  until,
  code: 'provider_quota_exhausted',
  message,
});

describe('sync pause notice', () => {
  it("says until when in the person's local time, then why in the server's words", () => {
    const notice = describeSyncPause(pause('2026-03-02T13:05:00Z'), now, berlin);
    expect(notice).toEqual({
      title: 'Sync paused until 14:05',
      message:
        "Salesforce's daily API allowance is down to the share kept for your other integrations. Syncing resumes by itself then; the contacts already synced stay available.",
      code: 'provider_quota_exhausted',
    });
  });

  it('names the day when the pause ends on another day', () => {
    expect(describeSyncPause(pause('2026-03-03T08:00:00Z'), now, berlin)?.title).toBe('Sync paused until Tue 3 Mar, 9:00');
  });

  it('says nothing without a pause, or once the pause has run out', () => {
    expect(describeSyncPause(null, now, berlin)).toBeNull();
    expect(describeSyncPause(pause('2026-03-02T11:59:00Z'), now, berlin)).toBeNull();
    expect(describeSyncPause(pause('not a time'), now, berlin)).toBeNull();
  });
});
