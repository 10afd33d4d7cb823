import { ERROR_CODES } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { ApiError, CLIENT_ERROR_CODES, type ApiErrorCode } from './api-client';
import { describeError, describeErrorBody, ERROR_MESSAGES } from './error-messages';

const apiError = (code: ApiErrorCode, message = '', details?: unknown) => new ApiError({ code, message, status: 400, details });

describe('describeError', () => {
  const everyCode: ApiErrorCode[] = [...ERROR_CODES, ...CLIENT_ERROR_CODES];

  it('has a message for every code of the contract and of the client, and for no other', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...everyCode].sort());
  });

  it('explains every code in whole sentences, without the code itself, even when the server sent no message', () => {
    for (const code of everyCode) {
      const text = describeError(apiError(code));
      expect({ code, text }).toEqual({ code, text: expect.stringMatching(/^[A-Z].*[.!?]$/) });
      expect(text).not.toContain(code);
    }
  });

  it("keeps the server's words where they are the specifics: which field, which duplicate, which outage", () => {
    expect(describeError(apiError('validation_failed', 'An agent holds at most 10,000 callable contacts'))).toBe(
      'An agent holds at most 10,000 callable contacts. Correct it and try again.',
    );
    expect(describeError(apiError('crm_duplicate', 'HubSpot already has a contact with this email'))).toBe(
      'HubSpot already has a contact with this email. Use the existing contact instead.',
    );
    expect(describeError(apiError('service_unavailable', 'The database is not reachable'))).toBe('The database is not reachable. Try again in a minute.');
  });

  it("replaces the server's wording where the person needs a name and a next step instead", () => {
    expect(describeError(apiError('crm_not_connected', 'zoho is not connected', { platform: 'zoho' }))).toBe(
      'Zoho CRM is not connected. Connect it on the CRM page first.',
    );
    expect(describeError(apiError('internal_error', 'Something went wrong on our side; the error has been logged'))).toBe(
      'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
    );
    expect(describeError(apiError('unauthorized', 'The access token has expired'))).toBe('Your session has ended. Sign in again to continue.');
  });

  it('names the CRM from the screen when the error does not, and falls back to "The CRM"', () => {
    expect(describeError(apiError('provider_unavailable', 'Could not reach HubSpot: ECONNREFUSED'), { platform: 'hubspot' })).toBe(
      'HubSpot could not be reached. Try again in a few minutes.',
    );
    expect(describeError(apiError('crm_auth_revoked', 'The connection needs to be reconnected'))).toBe(
      "The CRM no longer accepts VoiceAgent CRM's access. Reconnect it on the CRM page.",
    );
  });

  it('says what the server said when its code is newer than this app, or what status came back', () => {
    expect(describeError(apiError('unexpected_response', 'Something broke on our side', { code: 'internal' }))).toBe(
      'Something broke on our side. Try again in a moment.',
    );
    expect(describeError(apiError('unexpected_response', 'The server answered with status 502 (Bad Gateway).'))).toBe(
      'The server answered with status 502 (Bad Gateway). Try again in a moment.',
    );
  });

  it("explains an error that is not the API's by its own message", () => {
    expect(describeError(new Error('Invalid login credentials'))).toBe('Invalid login credentials.');
    expect(describeError('a thrown string')).toBe('Something went wrong. Try again.');
  });
});

describe('describeErrorBody', () => {
  it('explains an error reported inside an answer by its code, naming the CRM from the screen', () => {
    expect(describeErrorBody({ code: 'crm_auth_revoked', message: 'The hubspot connection needs to be reconnected' }, { platform: 'hubspot' })).toBe(
      "HubSpot no longer accepts VoiceAgent CRM's access. Reconnect it on the CRM page.",
    );
    expect(describeErrorBody({ code: 'sync_paused', message: 'Syncing is paused for maintenance' })).toBe('Syncing is paused for maintenance. Try again in a moment.');
  });
});
