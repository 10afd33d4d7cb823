import { describe, expect, it } from 'vitest';
import { mapZohoField, typeOfDataType } from './zoho-fields';
import { zohoRecordFields } from './zoho-records';

/** Fields as Zoho's Field Metadata API documents them (v7/v8 sample responses), trimmed to a few keys each plus noise. */
const DOCUMENTED = {
  owner: { api_name: 'Owner', field_label: 'Contact Owner', display_label: 'Contact Owner', data_type: 'ownerlookup', json_type: 'jsonobject', custom_field: false, read_only: false, field_read_only: true, formula: {}, pick_list_values: [], webhook: true, profiles: [] },
  leadSource: {
    api_name: 'Lead_Source',
    field_label: 'Lead Source',
    data_type: 'picklist',
    json_type: 'string',
    custom_field: false,
    read_only: false,
    field_read_only: false,
    pick_list_values: [
      { display_value: '-None-', sequence_number: 1, reference_value: '-None-', colour_code: null, actual_value: '-None-', id: '1', type: 'used' },
      { display_value: 'Houston', sequence_number: 2, reference_value: 'Houston Showroom', colour_code: null, actual_value: 'Houston Showroom', id: '2', type: 'used' },
      { display_value: 'Retired', sequence_number: 3, reference_value: 'Retired', colour_code: null, actual_value: 'Retired', id: '3', type: 'unused' },
      { display_value: 'Boston Showroom', sequence_number: 4, reference_value: 'Boston Showroom', colour_code: null, actual_value: 'Boston Showroom', id: '4', type: 'used' },
    ],
  },
  multi: {
    api_name: 'checking_multi_picklist',
    field_label: 'checking multi picklist',
    data_type: 'multiselectpicklist',
    json_type: 'jsonarray',
    custom_field: true,
    read_only: false,
    field_read_only: false,
    pick_list_values: [
      { display_value: 'test 1', actual_value: 'test 1', id: '5', type: 'used' },
      { display_value: 'test 2', actual_value: 'test 2', id: '6', type: 'used' },
    ],
  },
  formula: { api_name: 'Formula_Decimal', field_label: 'Formula Decimal', data_type: 'formula', json_type: 'double', custom_field: true, read_only: true, field_read_only: false, formula: { return_type: 'double', assume_default: false } },
  rollup: { api_name: 'Last_Note_At', field_label: 'Last note at', data_type: 'rollup_summary', custom_field: true, read_only: true, rollup_summary: { return_type: 'datetime', expression: {} } },
};

describe('mapZohoField', () => {
  it('maps an owner lookup to a string, read-only because Zoho marks the field read-only', () => {
    expect(mapZohoField(DOCUMENTED.owner)).toEqual({ objectType: 'contact', name: 'Owner', label: 'Contact Owner', type: 'string', options: [], custom: false, readOnly: true, calculated: false });
  });

  it('maps a picklist to an enumeration: actual value and display label, in order, without -None- and unused choices', () => {
    expect(mapZohoField(DOCUMENTED.leadSource)).toMatchObject({
      type: 'enumeration',
      options: [
        { value: 'Houston Showroom', label: 'Houston' },
        { value: 'Boston Showroom', label: 'Boston Showroom' },
      ],
      custom: false,
      readOnly: false,
    });
  });

  it('maps a multi-select picklist with its options, and keeps it custom', () => {
    expect(mapZohoField(DOCUMENTED.multi)).toMatchObject({ type: 'multi_select', custom: true, options: [{ value: 'test 1', label: 'test 1' }, { value: 'test 2', label: 'test 2' }] });
  });

  it('types a formula and a rollup summary by what they return, calculated and read-only', () => {
    expect(mapZohoField(DOCUMENTED.formula)).toMatchObject({ type: 'number', calculated: true, readOnly: true, custom: true });
    expect(mapZohoField(DOCUMENTED.rollup)).toMatchObject({ type: 'datetime', calculated: true, readOnly: true });
    expect(mapZohoField({ api_name: 'F', data_type: 'formula', formula: {} })).toMatchObject({ type: 'string', calculated: true });
  });

  it('skips a field without an API name and reads odd keys leniently', () => {
    expect(mapZohoField({ field_label: 'No name', data_type: 'text' })).toBeNull();
    expect(mapZohoField({ api_name: '  ', data_type: 'text' })).toBeNull();
    expect(mapZohoField({ api_name: 'Odd', data_type: 42, custom_field: 'yes', pick_list_values: null })).toEqual({
      objectType: 'contact', name: 'Odd', label: 'Odd', type: 'string', options: [], custom: false, readOnly: false, calculated: false,
    });
  });
});

describe('typeOfDataType', () => {
  it('maps each of Zoho’s data types onto ours, and anything unmodelled to string', () => {
    const cases: Record<string, string> = {
      text: 'string', textarea: 'string', website: 'string', autonumber: 'string', lookup: 'string', ownerlookup: 'string', fileupload: 'string',
      email: 'email', phone: 'phone',
      integer: 'number', bigint: 'number', double: 'number', currency: 'number', decimal: 'number', percent: 'number',
      boolean: 'boolean', date: 'date', datetime: 'datetime', picklist: 'enumeration', multiselectpicklist: 'multi_select',
    };
    for (const [zoho, ours] of Object.entries(cases)) expect(typeOfDataType(zoho), zoho).toBe(ours);
  });
});

describe('zohoRecordFields', () => {
  it('asks for the mapped fields after ours, each once', () => {
    expect(zohoRecordFields(['Plan', 'Email', 'Plan', 'Seats'])).toBe('First_Name,Last_Name,Email,Phone,Mobile,Account_Name,Title,Lead_Source,Owner,Mailing_Country,Created_Time,Modified_Time,Plan,Seats');
    expect(zohoRecordFields(undefined)).toBe(zohoRecordFields([]));
  });

  it('asks a backfill for the mapped fields and Modified_Time, which paging follows', () => {
    expect(zohoRecordFields(['Plan', 'Seats'], true)).toBe('Modified_Time,Plan,Seats');
  });

  it('refuses more fields than Zoho’s 50 per request, naming how many may be mapped', () => {
    expect(zohoRecordFields(Array.from({ length: 38 }, (_, i) => `F${i}`)).split(',')).toHaveLength(50);
    expect(() => zohoRecordFields(Array.from({ length: 39 }, (_, i) => `F${i}`))).toThrow(/at most 38/);
  });
});
