import { CONTACT_EXPORT_STANDARD_COLUMNS } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMN_IDS, STANDARD_COLUMNS } from './contact-columns';
import { toExportColumns } from './export-columns';

describe('toExportColumns', () => {
  it('exports what the list shows by default: name, title and company, email and phones, CRM', () => {
    expect(toExportColumns(DEFAULT_COLUMN_IDS)).toEqual(['name', 'jobTitle', 'company', 'email', 'phone', 'mobilePhone', 'platform']);
  });

  it('keeps the chosen order, and names standard and custom fields as the export does', () => {
    expect(toExportColumns(['custom:plan', 'standard:timeZone', 'leadStatus', 'reach'])).toEqual(['name', 'custom.plan', 'timeZone', 'leadStatus', 'email', 'phone', 'mobilePhone', 'platform']);
  });

  it('has an export column for every standard column the list offers', () => {
    const exported = toExportColumns(STANDARD_COLUMNS.map((column) => column.id));
    expect(exported.every((id) => Object.hasOwn(CONTACT_EXPORT_STANDARD_COLUMNS, id))).toBe(true);
    expect(exported).toHaveLength(new Set(exported).size);
    expect(exported).toContain('accountOwner');
  });

  it('leaves out what the export cannot name', () => {
    expect(toExportColumns(['shoeSize', 'custom:Bad Key', 'custom:ok_key'])).toEqual(['name', 'custom.ok_key', 'platform']);
  });
});
