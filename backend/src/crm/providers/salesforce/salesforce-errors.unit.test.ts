import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import { findDuplicateId, isSalesforceTransientRefusal, readSalesforceError, refineSalesforceError } from './salesforce-errors';

const duplicate = [
  {
    errorCode: 'DUPLICATES_DETECTED',
    message: 'Use one of these records?',
    fields: [],
    duplicateResult: { matchResults: [{ entityType: 'Contact', matchRecords: [{ record: { Id: '003000000000001AAA' } }] }] },
  },
];

describe('readSalesforceError', () => {
  it('reads the first item of an error array, naming fields the message does not', () => {
    expect(readSalesforceError([{ errorCode: 'INVALID_FIELD', message: "No such column 'Foo' on entity 'Contact'", fields: [] }])).toEqual({
      code: 'INVALID_FIELD',
      message: "No such column 'Foo' on entity 'Contact'",
    });
    expect(readSalesforceError([{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing', fields: ['LastName'] }]).message).toBe(
      'Required fields are missing (LastName)',
    );
  });

  it('names the existing record of a duplicate', () => {
    expect(readSalesforceError(duplicate)).toMatchObject({ code: 'DUPLICATES_DETECTED', existingId: '003000000000001AAA' });
  });

  it("reads the OAuth endpoints' { error, error_description } and bodies read as text", () => {
    expect(readSalesforceError({ error: 'invalid_grant', error_description: 'expired access/refresh token' })).toEqual({
      code: 'invalid_grant',
      message: 'expired access/refresh token',
    });
    expect(readSalesforceError('[{"errorCode":"INVALIDJOBSTATE","message":"not done"}]')).toEqual({ code: 'INVALIDJOBSTATE', message: 'not done' });
    expect(readSalesforceError('<html>')).toEqual({});
    expect(readSalesforceError(null)).toEqual({});
  });
});

describe('isSalesforceTransientRefusal', () => {
  it('retries lock conflicts and 503 SERVER_UNAVAILABLE', () => {
    expect(isSalesforceTransientRefusal(400, [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record' }])).toBe(true);
    expect(isSalesforceTransientRefusal(500, [{ errorCode: 'UNABLE_TO_LOCK_ROW' }])).toBe(true);
    expect(isSalesforceTransientRefusal(503, [{ errorCode: 'SERVER_UNAVAILABLE' }])).toBe(true);
  });

  it('leaves every other refusal alone', () => {
    expect(isSalesforceTransientRefusal(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED' }])).toBe(false);
    expect(isSalesforceTransientRefusal(400, [{ errorCode: 'MALFORMED_QUERY' }])).toBe(false);
    expect(isSalesforceTransientRefusal(400, [{ errorCode: 'SERVER_UNAVAILABLE' }])).toBe(false);
    expect(isSalesforceTransientRefusal(200, [{ errorCode: 'UNABLE_TO_LOCK_ROW' }])).toBe(false);
  });
});

describe('refineSalesforceError', () => {
  it('turns a spent daily allowance into provider_quota_exhausted with a time to retry', () => {
    const refined = refineSalesforceError(new AppError('provider_rejected', 'Salesforce rejected the request', { platform: 'salesforce', status: 403, providerCode: 'REQUEST_LIMIT_EXCEEDED' }));
    expect(refined).toMatchObject({ code: 'provider_quota_exhausted', details: { retryAfterSeconds: 900, status: 403 } });
  });

  it('turns DUPLICATES_DETECTED into crm_duplicate keeping the existing id', () => {
    const refined = refineSalesforceError(new AppError('provider_rejected', 'x', { platform: 'salesforce', providerCode: 'DUPLICATES_DETECTED', existingId: '003A' }));
    expect(refined).toMatchObject({ code: 'crm_duplicate', details: { existingId: '003A' } });
  });

  it('keeps other errors as they are', () => {
    const rejected = new AppError('provider_rejected', 'Salesforce rejected the request: bad', { providerCode: 'MALFORMED_QUERY' });
    expect(refineSalesforceError(rejected)).toBe(rejected);
    const plain = new Error('boom');
    expect(refineSalesforceError(plain)).toBe(plain);
  });

  it('finds no duplicate id in an unexpected shape', () => {
    expect(findDuplicateId(undefined)).toBeUndefined();
    expect(findDuplicateId({ matchResults: [{ matchRecords: [{ record: {} }] }] })).toBeUndefined();
  });
});
