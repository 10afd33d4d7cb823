import { ZOAuthCallbackError } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { readOAuthReturn, withoutOAuthReturn } from './oauth-return-messages';

const read = (query: string) => readOAuthReturn(new URLSearchParams(query));

describe('readOAuthReturn', () => {
  it('announces a connected platform by name', () => {
    expect(read('connected=zoho')).toEqual({
      isSuccess: true,
      title: 'Zoho CRM connected',
      message: 'Your Zoho CRM account is connected to VoiceAgent CRM.',
    });
  });

  it('explains every error code the callback sends, naming the platform', () => {
    for (const code of ZOAuthCallbackError.options) {
      const notice = read(`error=${code}&platform=hubspot`);
      expect(notice?.isSuccess).toBe(false);
      expect(`${notice?.title} ${notice?.message}`).toContain('HubSpot');
      expect(notice?.message).not.toContain(code);
    }
    expect(read('error=oauth_denied&platform=hubspot')?.message).toContain('Access was declined');
    expect(read('error=crm_not_configured&platform=zoho')).toEqual({
      isSuccess: false,
      title: 'Zoho CRM is not set up on this server',
      message: 'This server has no Zoho CRM app configured, so it cannot be connected here.',
    });
  });

  it('still says something useful for an unknown code or platform', () => {
    // A platform this app does not know (Salesforce is one of ours now).
    expect(read('error=something_new&platform=pipedrive')).toEqual({
      isSuccess: false,
      title: 'The CRM was not connected',
      message: 'Connecting failed (something_new). Try again with Connect.',
    });
  });

  it('names Salesforce when it comes back connected', () => {
    expect(read('connected=salesforce')).toEqual({
      isSuccess: true,
      title: 'Salesforce connected',
      message: 'Your Salesforce account is connected to VoiceAgent CRM.',
    });
  });

  it('is silent on an ordinary visit, or for a platform it does not know', () => {
    expect(read('')).toBeNull();
    expect(read('connected=pipedrive')).toBeNull();
  });
});

describe('withoutOAuthReturn', () => {
  const clean = (query: string) => withoutOAuthReturn(new URLSearchParams(query))?.toString() ?? null;

  it('takes out what the callback added, the error\'s platform with it', () => {
    expect(clean('connected=hubspot')).toBe('');
    expect(clean('error=oauth_denied&platform=zoho')).toBe('');
    expect(clean('connected=zoho&view=separate')).toBe('view=separate');
  });

  it('leaves the contacts filter of a link alone: platform without connected or error is not the callback\'s', () => {
    expect(clean('platform=hubspot&callable=true')).toBeNull();
    expect(clean('')).toBeNull();
  });
});
