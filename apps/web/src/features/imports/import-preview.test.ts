import { describe, expect, it } from 'vitest';
import { checkMappingDraft, previewRow } from './import-preview';

describe('previewRow', () => {
  it('reads the row with the mapping being edited and names what is wrong with it', () => {
    const row = { row: 1, cells: ['Ada', 'not-an-email', '+44 20 7123 4567'], contact: {}, issues: [] };
    expect(previewRow(row, ['firstName', 'email', null]).issues).toEqual([expect.stringMatching(/^email: /)]);
    expect(previewRow(row, ['firstName', null, 'phone'])).toEqual({ contact: { firstName: 'Ada', phone: '+44 20 7123 4567' }, issues: [] });
  });
});

describe('checkMappingDraft', () => {
  it('asks for an email or phone column and refuses a field chosen twice', () => {
    expect(checkMappingDraft(['firstName', null])).toMatch(/email or a phone/);
    expect(checkMappingDraft(['email', 'email'])).toMatch(/more than one column/);
    expect(checkMappingDraft(['email', 'mobilePhone'])).toBeNull();
  });
});
