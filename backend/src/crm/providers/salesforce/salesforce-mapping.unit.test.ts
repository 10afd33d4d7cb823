import { describe, expect, it } from 'vitest';
import { fromCsvRow, mapSalesforceRecord, toSalesforceRecord, UNKNOWN_COMPANY } from './salesforce-mapping';

const contact = {
  attributes: { type: 'Contact', url: '/services/data/v62.0/sobjects/Contact/003A' },
  Id: '003000000000001AAA',
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Email: 'Ada@Example.COM',
  Phone: '+44 20 7946 0958',
  MobilePhone: null,
  Title: 'Analyst',
  AccountId: '001000000000001AAA',
  Account: { attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/001A' }, Name: 'Analytical Engines' },
  MailingCountry: 'United Kingdom',
  LeadSource: 'Web',
  OwnerId: '005000000000001AAA',
  DoNotCall: false,
  HasOptedOutOfEmail: true,
  CreatedDate: '2026-01-01T10:00:00.000+0000',
  LastModifiedDate: '2026-01-02T10:00:00.000+0000',
  SystemModstamp: '2026-01-02T10:00:00.123+0000',
};

const lead = {
  attributes: { type: 'Lead', url: '/services/data/v62.0/sobjects/Lead/00QA' },
  Id: '00Q000000000001AAA',
  FirstName: null,
  LastName: 'Hopper',
  Company: 'Navy',
  Email: null,
  Phone: '(555) 010-0000',
  MobilePhone: '555 010 0001',
  Title: null,
  Status: 'Open - Not Contacted',
  LeadSource: 'Trade Show',
  Country: 'USA',
  OwnerId: '005000000000001AAA',
  DoNotCall: true,
  HasOptedOutOfEmail: false,
  IsConverted: false,
  ConvertedContactId: null,
  CreatedDate: '2026-01-01T10:00:00.000+0000',
  LastModifiedDate: '2026-01-01T10:00:00.000+0000',
  SystemModstamp: '2026-01-01T10:00:00.000+0000',
};

describe('mapSalesforceRecord', () => {
  it('maps a Contact: company from Account.Name, country from MailingCountry, email lower-cased', () => {
    const mapped = mapSalesforceRecord('Contact', contact);
    expect(mapped).toMatchObject({
      externalId: '003000000000001AAA',
      objectType: 'contact',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0958',
      mobilePhone: null,
      company: 'Analytical Engines',
      jobTitle: 'Analyst',
      lifecycleStage: null,
      leadStatus: null,
      ownerId: '005000000000001AAA',
      country: 'GB',
    });
    expect(mapped.crmCreatedAt?.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(mapped.crmUpdatedAt?.toISOString()).toBe('2026-01-02T10:00:00.123Z');
  });

  it('keeps every field in rawProperties without attributes, nested ones included', () => {
    const raw = mapSalesforceRecord('Contact', contact).rawProperties;
    expect(raw).not.toHaveProperty('attributes');
    expect(raw.Account).toEqual({ Name: 'Analytical Engines' });
    expect(raw).toMatchObject({ LeadSource: 'Web', DoNotCall: false, HasOptedOutOfEmail: true });
  });

  it('maps a Lead: Company, Status as lead status, Country', () => {
    expect(mapSalesforceRecord('Lead', lead)).toMatchObject({
      objectType: 'lead',
      firstName: null,
      company: 'Navy',
      leadStatus: 'Open - Not Contacted',
      lifecycleStage: null,
      country: 'US',
      email: null,
    });
  });

  it('reads a Contact without an account as having no company', () => {
    expect(mapSalesforceRecord('Contact', { ...contact, AccountId: null, Account: null }).company).toBeNull();
  });
});

describe('fromCsvRow', () => {
  it('reads a Bulk CSV row as the REST API returns the record', () => {
    const { attributes: _attributes, Account: _account, ...flat } = contact;
    const row = Object.fromEntries(
      Object.entries({ ...flat, 'Account.Name': 'Analytical Engines', CreatedDate: '2026-01-01T10:00:00.000Z', SystemModstamp: '2026-01-02T10:00:00.123Z' }).map(([key, value]) => [
        key,
        value === null ? '' : String(value),
      ]),
    );
    const viaCsv = mapSalesforceRecord('Contact', fromCsvRow(row));
    const viaRest = mapSalesforceRecord('Contact', contact);
    expect(viaCsv).toEqual(viaRest);
  });

  it('reads an empty Account.Name as no account and empty cells as null', () => {
    const record = fromCsvRow({ Id: '003B', 'Account.Name': '', Email: '', DoNotCall: 'false' });
    expect(record).toEqual({ Id: '003B', Account: null, Email: null, DoNotCall: false });
  });
});

describe('toSalesforceRecord', () => {
  it('creates a Contact from our fields, leaving out what was not given', () => {
    expect(toSalesforceRecord({ firstName: 'Ada', lastName: 'Lovelace', email: ' Ada@Example.com ', company: 'Ignored', phone: '' })).toEqual({
      object: 'Contact',
      fields: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' },
    });
  });

  it("creates a Lead with the company, or web-to-lead's placeholder when none is given", () => {
    expect(toSalesforceRecord({ objectType: 'lead', lastName: 'Hopper', company: 'Navy', jobTitle: 'Admiral' })).toEqual({
      object: 'Lead',
      fields: { LastName: 'Hopper', Title: 'Admiral', Company: 'Navy' },
    });
    expect(toSalesforceRecord({ objectType: 'lead', lastName: 'Hopper' }).fields.Company).toBe(UNKNOWN_COMPANY);
  });

  it('reads the placeholder back as no company', () => {
    expect(mapSalesforceRecord('Lead', { Id: '00Q000000000001AAA', LastName: 'Hopper', Company: UNKNOWN_COMPANY }).company).toBeNull();
  });
});
