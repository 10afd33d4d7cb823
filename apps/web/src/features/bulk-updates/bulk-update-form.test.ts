import type { TCrmField } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { buildSet, describeCounts, describeProgress, writableFields } from './bulk-update-form';

const field = (name: string, overrides: Partial<TCrmField> = {}): TCrmField => ({
  objectType: 'contact',
  name,
  label: name,
  type: 'string',
  options: [],
  custom: false,
  readOnly: false,
  calculated: false,
  ...overrides,
});

describe('writableFields', () => {
  it('offers only the object’s fields an API client may write, by label', () => {
    const fields = [field('b', { label: 'Beta' }), field('ro', { readOnly: true }), field('calc', { calculated: true }), field('a', { label: 'Alpha' }), field('l', { objectType: 'lead' })];
    expect(writableFields(fields, 'contact').map((f) => f.name)).toEqual(['a', 'b']);
    expect(writableFields(fields, 'lead').map((f) => f.name)).toEqual(['l']);
  });
});

describe('buildSet', () => {
  it('sends the objects with a field chosen, an empty multi-select as clearing it', () => {
    expect(
      buildSet({
        'hubspot:contact': { field: 'hs_lead_status', value: 'CONNECTED' },
        'zoho:contact': { field: null, value: null },
        'salesforce:lead': { field: 'Tags__c', value: [] },
      }),
    ).toEqual({ hubspot: { contact: { field: 'hs_lead_status', value: 'CONNECTED' } }, salesforce: { lead: { field: 'Tags__c', value: null } } });
  });

  it('is null when no field is chosen', () => {
    expect(buildSet({ 'zoho:contact': { field: null, value: 'x' } })).toBeNull();
  });
});

describe('describeCounts', () => {
  it('names the count per CRM for the confirmation', () => {
    expect(
      describeCounts([
        { platform: 'hubspot', objectType: 'contact', field: 'x', count: 1204 },
        { platform: 'zoho', objectType: 'contact', field: 'y', count: 310 },
      ]),
    ).toBe('Update 1,204 HubSpot contacts and 310 Zoho CRM contacts?');
    expect(describeCounts([{ platform: 'salesforce', objectType: 'lead', field: 'x', count: 1 }])).toBe('Update 1 Salesforce lead?');
    expect(describeCounts([{ platform: 'hubspot', objectType: 'contact', field: 'x', count: 0 }])).toMatch(/None/);
  });
});

describe('describeProgress', () => {
  it('counts what is done and says what failed or was skipped', () => {
    expect(describeProgress({ total: 1514, succeeded: 997, failed: 3, skipped: 0 })).toBe('1,000 of 1,514 done · 3 failed');
  });
});
