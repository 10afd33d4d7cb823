import type { TCrmField, TFieldMapping } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import {
  filterCatalogue,
  isDraftChanged,
  listCompatibleFields,
  placeServerIssues,
  suggestUniqueKey,
  toMappingDraft,
  toMappingsBody,
  validateDraft,
} from './field-mapping';

const field = (name: string, label: string, type: TCrmField['type'], extra: Partial<TCrmField> = {}): TCrmField => ({
  objectType: 'contact',
  name,
  label,
  type,
  options: [],
  custom: true,
  readOnly: false,
  calculated: false,
  ...extra,
});

const catalogue = [
  field('renewal_date__c', 'Renewal date', 'date'),
  field('tz', 'Time Zone', 'string', { custom: false }),
  field('lang', 'Language', 'enumeration', { options: [{ value: 'en', label: 'English' }] }),
  field('mobile', 'Mobile', 'phone', { custom: false }),
  field('dnc', 'Do not call', 'boolean'),
  field('score', 'Score', 'number', { calculated: true }),
  field('Renewal_Date__c', 'Renewal date', 'date', { objectType: 'lead' }),
  field('Plan__c', 'Plan', 'string', { objectType: 'lead' }),
];

describe('suggesting a key from a label', () => {
  it('turns a label into snake_case that fits the key pattern', () => {
    expect(suggestUniqueKey('Renewal Date')).toBe('renewal_date');
    expect(suggestUniqueKey('  NPS (0–10) score ')).toBe('nps_0_10_score');
    expect(suggestUniqueKey('Préférence de langue')).toBe('preference_de_langue');
    expect(suggestUniqueKey('2nd phone')).toBe('field_2nd_phone');
  });

  it('numbers a key already taken, staying within 63 characters', () => {
    expect(suggestUniqueKey('Plan', new Set(['plan']))).toBe('plan_2');
    expect(suggestUniqueKey('Plan', new Set(['plan', 'plan_2']))).toBe('plan_3');
    const long = 'w'.repeat(63);
    const numbered = suggestUniqueKey(long, new Set([long]));
    expect(numbered).toBe(`${'w'.repeat(61)}_2`);
  });
});

describe('fields offered for a standard field', () => {
  it('offers text, enumeration, phone and email fields to a text field', () => {
    expect(listCompatibleFields(catalogue, 'timeZone', 'contact').map((f) => f.name)).toEqual(['lang', 'mobile', 'tz']);
    expect(listCompatibleFields(catalogue, 'preferredCallTime', 'contact').map((f) => f.type)).not.toContain('date');
  });

  it('offers only boolean fields to a yes/no field, from the asked object only', () => {
    expect(listCompatibleFields(catalogue, 'doNotCall', 'contact').map((f) => f.name)).toEqual(['dnc']);
    expect(listCompatibleFields(catalogue, 'doNotCall', 'lead')).toEqual([]);
    expect(listCompatibleFields(catalogue, 'accountOwner', 'lead').map((f) => f.name)).toEqual(['Plan__c']);
  });
});

describe('searching the catalogue', () => {
  it('matches label or API name, ignoring case and accents', () => {
    expect(filterCatalogue(catalogue, 'renewal').map((f) => f.name)).toEqual(['renewal_date__c', 'Renewal_Date__c']);
    expect(filterCatalogue(catalogue, 'PLAN__').map((f) => f.name)).toEqual(['Plan__c']);
    expect(filterCatalogue(catalogue, '  ')).toHaveLength(catalogue.length);
  });
});

const saved: TFieldMapping[] = [
  { objectType: 'contact', field: 'tz', target: { kind: 'standard', field: 'timeZone' }, label: 'Time Zone', type: 'string', options: [], status: 'ok', invalidValues: 0 },
  { objectType: 'contact', field: 'renewal_date__c', target: { kind: 'custom', key: 'renewal_date' }, label: 'Renewal date', type: 'date', options: [], status: 'ok', invalidValues: 2 },
  { objectType: 'contact', field: 'gone__c', target: { kind: 'custom', key: 'gone' }, label: 'Gone', type: 'string', options: [], status: 'broken', invalidValues: 0 },
];

describe('the draft of a mapping', () => {
  it('starts from the saved mapping without its broken fields, and sends the rest back unchanged', () => {
    const draft = toMappingDraft(saved);
    expect(draft).toEqual({ custom: { 'contact:renewal_date__c': 'renewal_date' }, standard: { 'contact:timeZone': 'tz' } });
    expect(toMappingsBody(draft).mappings).toEqual([
      { objectType: 'contact', field: 'tz', target: { kind: 'standard', field: 'timeZone' } },
      { objectType: 'contact', field: 'renewal_date__c', target: { kind: 'custom', key: 'renewal_date' } },
    ]);
  });

  it('counts dropping a broken mapping as a change, and an untouched mapping as none', () => {
    expect(isDraftChanged(toMappingDraft(saved), saved)).toBe(true);
    const healthy = saved.filter((m) => m.status === 'ok');
    expect(isDraftChanged(toMappingDraft(healthy), healthy)).toBe(false);
  });

  it('refuses keys that break the pattern or are taken twice on one object', () => {
    const errors = validateDraft({ custom: { 'contact:tz': 'Time Zone', 'contact:lang': 'plan', 'contact:score': 'plan', 'contact:mobile': '' }, standard: {} }, catalogue);
    expect(errors.byRef['contact:tz']).toMatch(/lower-case letters/);
    expect(errors.byRef['contact:lang']).toBeUndefined();
    expect(errors.byRef['contact:score']).toBe('Another field already uses the key plan');
    expect(errors.byRef['contact:mobile']).toBe('Give the field a key');
  });

  it('lets a contact and a lead field share a key only when their types agree', () => {
    const same = validateDraft({ custom: { 'contact:renewal_date__c': 'renewal_date', 'lead:Renewal_Date__c': 'renewal_date' }, standard: {} }, catalogue);
    expect(same.byRef).toEqual({});
    const clash = validateDraft({ custom: { 'contact:renewal_date__c': 'renewal', 'lead:Plan__c': 'renewal' }, standard: {} }, catalogue);
    expect(clash.byRef['lead:Plan__c']).toBe('The contact field with this key is a date; a key holds one type');
  });

  it("places the server's issues on the rows that were sent", () => {
    const { rows } = toMappingsBody(toMappingDraft(saved));
    const placed = placeServerIssues(
      [
        { field: 'mappings.1.target.key', message: 'is already used' },
        { field: 'mappings.0.field', message: 'is not a text field' },
        { field: 'mappings', message: 'Too many' },
      ],
      rows,
    );
    expect(placed.byRef).toEqual({ 'contact:renewal_date__c': 'is already used' });
    expect(placed.bySlot).toEqual({ 'contact:timeZone': 'is not a text field' });
    expect(placed.general).toBe('Too many');
  });
});
