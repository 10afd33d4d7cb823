import { describe, expect, it } from 'vitest';
import { AppError } from '../../../http/app-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { listHubSpotFields, mapHubSpotProperty, toCrmFieldType } from './hubspot-fields';
import { HUBSPOT_CONTACT_PROPERTIES, selectHubSpotProperties } from './hubspot-mapping';

/** Properties as HubSpot's "Read all properties" reference documents them (trimmed to what differs). */
const DOCUMENTED = [
  {
    name: 'my_contact_property',
    label: 'My Contact Property',
    type: 'enumeration',
    fieldType: 'select',
    groupName: 'contactinformation',
    description: '',
    displayOrder: 2,
    formField: true,
    hasUniqueValue: false,
    hidden: false,
    calculated: false,
    externalOptions: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyOptions: false, readOnlyValue: false },
    options: [
      { description: 'Choice number one', displayOrder: 1, hidden: false, label: 'Option A', value: 'A' },
      { description: 'Choice number two', displayOrder: 2, hidden: false, label: 'Option B', value: 'B' },
      { description: 'Retired', displayOrder: 3, hidden: true, label: 'Option C', value: 'C' },
    ],
    createdAt: '2023-11-07T05:31:56Z',
    updatedAt: '2023-11-07T05:31:56Z',
    archived: false,
  },
  {
    name: 'email',
    label: 'Email',
    type: 'string',
    fieldType: 'text',
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
    options: [],
  },
  {
    name: 'hs_object_id',
    label: 'Record ID',
    type: 'number',
    fieldType: 'number',
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
    options: [],
  },
  {
    name: 'health_score',
    label: 'Health score',
    type: 'number',
    fieldType: 'calculation_equation',
    calculated: true,
    calculationFormula: 'seats * 2',
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: true },
    options: [],
  },
  { name: 'hs_calculated_phone_number', label: 'Calculated Phone Number', type: 'string', fieldType: 'text', hidden: true, hubspotDefined: true },
];

function clientAnswering(answer: () => unknown): ProviderHttpClient {
  return { get: async () => ({ data: answer() }) } as unknown as ProviderHttpClient;
}

describe('toCrmFieldType', () => {
  it.each([
    ['string', 'text', 'notes', 'string'],
    ['string', 'textarea', 'notes', 'string'],
    ['string', 'file', 'attachment', 'string'],
    ['string', 'html', 'signature', 'string'],
    ['string', 'text', 'email', 'email'],
    ['string', 'text', 'billing_email', 'email'],
    ['string', 'textarea', 'hs_additional_emails', 'string'],
    ['string', 'phonenumber', 'phone', 'phone'],
    ['phone_number', 'phonenumber', 'backup_phone', 'phone'],
    ['number', 'number', 'seats', 'number'],
    ['bool', 'booleancheckbox', 'do_not_call', 'boolean'],
    ['enumeration', 'booleancheckbox', 'hs_email_optout', 'boolean'],
    ['date', 'date', 'renewal_date', 'date'],
    ['datetime', 'date', 'last_purchase_at', 'datetime'],
    ['enumeration', 'checkbox', 'interests', 'multi_select'],
    ['enumeration', 'select', 'plan', 'enumeration'],
    ['enumeration', 'radio', 'lifecyclestage', 'enumeration'],
    ['object_coordinates', 'text', 'hs_location', 'string'],
    ['json', 'text', 'hs_payload', 'string'],
    [undefined, undefined, 'mystery', 'string'],
  ])('maps type %s / fieldType %s (%s) to %s', (type, fieldType, name, expected) => {
    expect(toCrmFieldType({ name, type, fieldType })).toBe(expected);
  });
});

describe('mapHubSpotProperty', () => {
  it('keeps options in HubSpot order without hidden ones, and reads custom, read-only and calculated', () => {
    expect(mapHubSpotProperty(DOCUMENTED[0]!)).toEqual({
      objectType: 'contact',
      name: 'my_contact_property',
      label: 'My Contact Property',
      type: 'enumeration',
      options: [
        { value: 'A', label: 'Option A' },
        { value: 'B', label: 'Option B' },
      ],
      custom: true,
      readOnly: false,
      calculated: false,
    });
    expect(mapHubSpotProperty(DOCUMENTED[2]!)).toMatchObject({ custom: false, readOnly: true, calculated: false, type: 'number' });
    expect(mapHubSpotProperty(DOCUMENTED[3]!)).toMatchObject({ custom: true, readOnly: true, calculated: true, options: [] });
  });

  it('counts a calculation fieldType as calculated even without the flag', () => {
    expect(mapHubSpotProperty({ name: 'score', type: 'number', fieldType: 'calculation_rollup' })?.calculated).toBe(true);
  });

  it('leaves out properties hidden by HubSpot and archived ones', () => {
    expect(mapHubSpotProperty({ name: 'x', hidden: true })).toBeNull();
    expect(mapHubSpotProperty({ name: 'x', archived: true })).toBeNull();
  });
});

describe('listHubSpotFields', () => {
  it('maps the documented response and skips a property without a name instead of failing', async () => {
    const fields = await listHubSpotFields(clientAnswering(() => ({ results: [...DOCUMENTED, { label: 'No name', type: 'string' }, 'garbage'] })));
    expect(fields.map((field) => [field.name, field.type, field.custom])).toEqual([
      ['my_contact_property', 'enumeration', true],
      ['email', 'email', false],
      ['hs_object_id', 'number', false],
      ['health_score', 'number', true],
    ]);
  });

  it('refuses a body without results as provider_rejected, not a 500', async () => {
    await expect(listHubSpotFields(clientAnswering(() => ({ properties: [] })))).rejects.toMatchObject({ code: 'provider_rejected' });
  });

  it('turns a 403 into a provider_rejected error that names the missing scope', async () => {
    const refusal = new AppError('provider_rejected', 'HubSpot rejected the request', { platform: 'hubspot', status: 403, providerCode: 'MISSING_SCOPES' });
    const http = { get: async () => Promise.reject(refusal) } as unknown as ProviderHttpClient;
    const error = await listHubSpotFields(http).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'provider_rejected', details: { status: 403, reason: 'missing_scope', requiredScope: 'crm.schemas.contacts.read' } });
    expect((error as AppError).message).toMatch(/Reconnect HubSpot/);
  });
});

describe('selectHubSpotProperties', () => {
  it('asks for the mapped fields after ours, each name once', () => {
    expect(selectHubSpotProperties(undefined)).toEqual([...HUBSPOT_CONTACT_PROPERTIES]);
    expect(selectHubSpotProperties(['plan', 'email', 'plan', 'hs_timezone'])).toEqual([...HUBSPOT_CONTACT_PROPERTIES, 'plan', 'hs_timezone']);
  });

  it('asks a backfill for the mapped fields alone (HubSpot adds the id and dates itself)', () => {
    expect(selectHubSpotProperties(['plan', 'seats'], true)).toEqual(['hs_object_id', 'plan', 'seats']);
  });
});
