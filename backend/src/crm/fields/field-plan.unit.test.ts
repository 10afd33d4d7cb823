import { describe, expect, it } from 'vitest';
import type { CrmContactRecord } from '../crm-records';
import { applyFieldPlan, buildFieldPlan, type FieldRule } from './field-plan';
import { toIanaTimeZone } from './standard-field-values';

const record = (rawProperties: Record<string, unknown>, objectType: 'contact' | 'lead' = 'contact'): CrmContactRecord => ({
  externalId: '1',
  objectType,
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  mobilePhone: null,
  company: null,
  jobTitle: null,
  lifecycleStage: null,
  leadStatus: null,
  ownerId: null,
  country: null,
  rawProperties,
  crmCreatedAt: null,
  crmUpdatedAt: null,
});

const rules: FieldRule[] = [
  { objectType: 'contact', field: 'Renewal_Date__c', target: { kind: 'custom', key: 'renewal_date' }, type: 'date', options: [] },
  { objectType: 'lead', field: 'Renewal__c', target: { kind: 'custom', key: 'renewal_date' }, type: 'date', options: [] },
  { objectType: 'contact', field: 'Seats__c', target: { kind: 'custom', key: 'seats' }, type: 'number', options: [] },
  { objectType: 'contact', field: 'hs_timezone', target: { kind: 'standard', field: 'timeZone' }, type: 'enumeration', options: [] },
  { objectType: 'contact', field: 'DoNotCall', target: { kind: 'standard', field: 'doNotCall' }, type: 'boolean', options: [] },
];

describe('applying a connection\'s field mapping to a record', () => {
  it('asks the provider for each object\'s mapped fields once', () => {
    expect(buildFieldPlan(rules).fields).toEqual({ contact: ['Renewal_Date__c', 'Seats__c', 'hs_timezone', 'DoNotCall'], lead: ['Renewal__c'] });
  });

  it('types custom values under their keys and fills the standard columns', () => {
    const columns = applyFieldPlan(record({ Renewal_Date__c: '2027-01-31', Seats__c: '12', hs_timezone: 'america_slash_new_york', DoNotCall: true }), buildFieldPlan(rules));
    expect(columns).toMatchObject({
      custom_fields: { renewal_date: '2027-01-31', seats: 12 },
      field_issues: {},
      time_zone: 'America/New_York',
      do_not_call: true,
      preferred_language: null,
    });
  });

  it('applies a lead\'s fields to leads only', () => {
    const columns = applyFieldPlan(record({ Renewal__c: '2027-02-01', Renewal_Date__c: '1999-01-01' }, 'lead'), buildFieldPlan(rules));
    expect(columns.custom_fields).toEqual({ renewal_date: '2027-02-01' });
  });

  it('leaves keys without a value out, and names values that do not fit', () => {
    const columns = applyFieldPlan(record({ Seats__c: 'a dozen', DoNotCall: 'perhaps' }), buildFieldPlan(rules));
    expect(columns.custom_fields).toEqual({ seats: 'a dozen' });
    expect(columns.field_issues).toEqual({ seats: 'Not a number: "a dozen"', doNotCall: 'Not true or false: "perhaps"' });
    expect(columns.do_not_call).toBeNull();
  });

  it('keeps an account owner by the name its CRM labels it with, and other enumerations by value', () => {
    const owner: FieldRule = { objectType: 'contact', field: 'hubspot_owner_id', target: { kind: 'standard', field: 'accountOwner' }, type: 'enumeration', options: [{ value: '71203546', label: 'Maya Patel' }] };
    const language: FieldRule = { objectType: 'contact', field: 'hs_language', target: { kind: 'standard', field: 'preferredLanguage' }, type: 'enumeration', options: [{ value: 'de', label: 'German' }] };
    const plan = buildFieldPlan([owner, language]);
    expect(applyFieldPlan(record({ hubspot_owner_id: '71203546', hs_language: 'de' }), plan)).toMatchObject({ account_owner: 'Maya Patel', preferred_language: 'de' });
    // An owner the options do not list (added since the catalogue was read) stays as its id.
    expect(applyFieldPlan(record({ hubspot_owner_id: '99' }), plan).account_owner).toBe('99');
  });

  it('reads IANA zones in any case and HubSpot\'s spelling, and keeps what names no zone', () => {
    expect(toIanaTimeZone('europe_slash_berlin')).toBe('Europe/Berlin');
    // ICU lists Kolkata under its older canonical name; both are IANA names every Intl accepts.
    expect(toIanaTimeZone('asia/kolkata')).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    expect(toIanaTimeZone('Pacific Time')).toBe('Pacific Time');
  });
});
