import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/app-error';
import { describeRunError, isTransientDatabaseError } from './sync-errors';

describe('isTransientDatabaseError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006' }],
    [{ code: '53300', message: 'too many connections' }],
    [{ code: '40001' }],
    [new Error('Connection terminated unexpectedly')],
    [new Error('timeout exceeded when trying to connect')],
  ])('retries later: %j', (error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key' }],
    [{ code: '23514', message: 'check constraint' }],
    [new Error('something else')],
    [new AppError('provider_unavailable', 'Could not reach HubSpot: connect ECONNREFUSED')],
    ['a string'],
    [null],
  ])('does not: %j', (error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});

describe('describeRunError', () => {
  it('keeps an AppError’s code and message, and hides anything else', () => {
    expect(describeRunError(new AppError('crm_auth_revoked', 'Reconnect HubSpot'))).toEqual({ code: 'crm_auth_revoked', message: 'Reconnect HubSpot' });
    expect(describeRunError(new Error('select * from secret'))).toEqual({ code: 'internal_error', message: expect.not.stringContaining('secret') });
  });
});
