import { describe, expect, it } from 'vitest';
import type { CrmContactRecord } from '../crm-service';
import { toJsonParameter } from '../../db/json-parameter';
import { mapContacts } from './map-contact';

function record(overrides: Partial<CrmContactRecord>): CrmContactRecord {
  return {
    externalId: '1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'Ada@Example.com',
    phone: '030 2345678',
    mobilePhone: null,
    company: null,
    jobTitle: null,
    lifecycleStage: null,
    leadStatus: null,
    ownerId: null,
    country: 'DE',
    rawProperties: { firstname: 'Ada' },
    crmCreatedAt: new Date('2024-01-02T03:04:05.678Z'),
    crmUpdatedAt: null,
    ...overrides,
  };
}

describe('mapContacts', () => {
  it('maps a record to a row: lower-cased email, phones as given and in E.164, ISO dates', () => {
    const { rows, failed } = mapContacts([record({})], ['US']);
    expect(failed).toBe(0);
    expect(rows).toEqual([
      expect.objectContaining({
        external_id: '1',
        email: 'ada@example.com',
        phone: '030 2345678',
        phone_e164: '+49302345678',
        mobile_phone: null,
        mobile_phone_e164: null,
        crm_created_at: '2024-01-02T03:04:05.678Z',
        crm_updated_at: null,
        raw_properties: { firstname: 'Ada' },
      }),
    ]);
  });

  it('keeps the last version of a record listed twice, and counts records without an id as failed', () => {
    const { rows, failed } = mapContacts([record({ firstName: 'Old' }), record({ externalId: ' ' }), record({ firstName: 'New' })], ['US']);
    expect(rows.map((row) => row.first_name)).toEqual(['New']);
    expect(failed).toBe(1);
  });

  it('uses the connection’s regions when the contact has no country', () => {
    expect(mapContacts([record({ country: null, phone: '(212) 234-5678' })], ['US']).rows[0]!.phone_e164).toBe('+12122345678');
    expect(mapContacts([record({ country: null, phone: '030 2345678' })], ['DE', 'US']).rows[0]!.phone_e164).toBe('+49302345678');
  });
});

describe('toJsonParameter', () => {
  it('drops NUL characters, which Postgres text and jsonb refuse, and keeps escaped backslashes', () => {
    const json = toJsonParameter({ a: 'x\u0000y', b: 'back\\u0000slash', c: '\\\u0000' });
    expect(JSON.parse(json)).toEqual({ a: 'xy', b: 'back\\u0000slash', c: '\\' });
  });
});
