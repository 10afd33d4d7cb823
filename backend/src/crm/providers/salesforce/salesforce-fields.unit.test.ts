import { describe, expect, it } from 'vitest';
import { toCrmField } from './salesforce-fields';
import { selectedFields } from './salesforce-requested-fields';
import { SALESFORCE_FIELDS } from './salesforce-mapping';

// Describe entries in the shape Salesforce documents for DescribeFieldResult (trimmed to what matters, plus noise).
const base = { length: 0, nillable: true, createable: true, updateable: true, custom: false, calculated: false, picklistValues: [], soapType: 'xsd:string', byteLength: 0 };
const entry = (extra: Record<string, unknown>) => ({ ...base, ...extra });
const value = (v: string, label: string, active = true) => ({ active, defaultValue: false, label, validFor: null, value: v });

describe('Salesforce describe → our field catalogue', () => {
  it.each([
    ['string', 'string'],
    ['textarea', 'string'],
    ['url', 'string'],
    ['id', 'string'],
    ['reference', 'string'],
    ['encryptedstring', 'string'],
    ['picklist', 'enumeration'],
    ['multipicklist', 'multi_select'],
    ['double', 'number'],
    ['int', 'number'],
    ['long', 'number'],
    ['currency', 'number'],
    ['percent', 'number'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['datetime', 'datetime'],
    ['phone', 'phone'],
    ['email', 'email'],
    ['address', 'string'],
    ['location', 'string'],
  ])('maps %s to %s', (type, ours) => {
    expect(toCrmField('Contact', entry({ name: 'F__c', label: 'F', type }))?.type).toBe(ours);
  });

  it('keeps active picklist values with their labels in order and drops inactive ones', () => {
    const field = toCrmField('Contact', entry({ name: 'Plan__c', label: 'Plan', type: 'picklist', custom: true, picklistValues: [value('starter', 'Starter'), value('legacy', 'Legacy', false), value('pro', 'Pro'), { label: 'no value' }] }));
    expect(field).toEqual({ objectType: 'contact', name: 'Plan__c', label: 'Plan', type: 'enumeration', options: [{ value: 'starter', label: 'Starter' }, { value: 'pro', label: 'Pro' }], custom: true, readOnly: false, calculated: false });
  });

  it('makes a combobox an enumeration only when it offers values', () => {
    expect(toCrmField('Lead', entry({ name: 'Salutation', type: 'combobox', picklistValues: [value('Mr.', 'Mr.')] }))?.type).toBe('enumeration');
    expect(toCrmField('Lead', entry({ name: 'Salutation', type: 'combobox' }))?.type).toBe('string');
  });

  it('marks formula fields calculated and read-only, lead fields as lead, and falls back to the name for a missing label', () => {
    expect(toCrmField('Lead', entry({ name: 'Health_Score__c', type: 'double', custom: true, calculated: true, updateable: false, createable: false, label: null }))).toEqual({
      objectType: 'lead',
      name: 'Health_Score__c',
      label: 'Health_Score__c',
      type: 'number',
      options: [],
      custom: true,
      readOnly: true,
      calculated: true,
    });
  });

  it('skips an entry without a name or of the wrong shape instead of failing the catalogue', () => {
    expect(toCrmField('Contact', entry({ type: 'string' }))).toBeNull();
    expect(toCrmField('Contact', 'not a field')).toBeNull();
    expect(toCrmField('Contact', entry({ name: 'X', type: 42 }))).toBeNull();
  });
});

describe('selectedFields', () => {
  it('adds mapped fields of the object after the standard ones, once whatever their case', () => {
    const fields = selectedFields('Contact', { contact: ['Plan__c', 'email', 'plan__c', 'Seats__c'], lead: ['Budget__c'] });
    expect(fields).toEqual([...SALESFORCE_FIELDS.Contact, 'Plan__c', 'Seats__c']);
    expect(selectedFields('Lead', { contact: ['Plan__c'], lead: ['Budget__c'] })).toEqual([...SALESFORCE_FIELDS.Lead, 'Budget__c']);
    expect(selectedFields('Lead', undefined)).toBe(SALESFORCE_FIELDS.Lead);
    // A backfill: Id and SystemModstamp for paging, then the object's mapped fields alone.
    expect(selectedFields('Contact', { contact: ['Plan__c'], lead: ['Budget__c'] }, true)).toEqual(['Id', 'SystemModstamp', 'Plan__c']);
  });

  it('refuses a name that is not a field name rather than putting it into SOQL', () => {
    expect(() => selectedFields('Contact', { contact: ['Id FROM User --'], lead: [] })).toThrow(/not a Salesforce field name/);
  });
});
