import { describe, expect, it } from 'vitest';
import { ZFieldMappingsBody, type TCrmField } from '@voiceagent/shared';
import { checkMappings, mappingSignature } from './field-mapping-rules';

const field = (name: string, type: TCrmField['type'], objectType: TCrmField['objectType'] = 'contact'): TCrmField => ({
  objectType,
  name,
  label: name.replace(/_/g, ' '),
  type,
  options: [],
  custom: true,
  readOnly: false,
  calculated: false,
});

const catalogue = [field('plan', 'enumeration'), field('seats', 'number'), field('dnc', 'boolean'), field('tz', 'string'), field('Plan__c', 'string', 'lead')];
const check = (mappings: unknown[]) => checkMappings(ZFieldMappingsBody.parse({ mappings }).mappings, catalogue);

describe('checking a field mapping against the catalogue', () => {
  it('accepts custom keys and standard fields of fitting types', () => {
    const result = check([
      { field: 'plan', target: { kind: 'custom', key: 'plan' } },
      { field: 'dnc', target: { kind: 'standard', field: 'doNotCall' } },
      { field: 'tz', target: { kind: 'standard', field: 'timeZone' } },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.mappings.map((m) => [m.field.name, m.targetKind, m.targetKey])).toEqual([
      ['plan', 'custom', 'plan'],
      ['dnc', 'standard', 'doNotCall'],
      ['tz', 'standard', 'timeZone'],
    ]);
  });

  it('names each wrong entry: unknown field, field mapped twice, target taken twice, type that does not fit', () => {
    const result = check([
      { field: 'nope', target: { kind: 'custom', key: 'nope' } },
      { field: 'seats', target: { kind: 'custom', key: 'seats' } },
      { field: 'seats', target: { kind: 'custom', key: 'seats_again' } },
      { field: 'plan', target: { kind: 'custom', key: 'seats' } },
      { field: 'tz', target: { kind: 'standard', field: 'doNotCall' } },
    ]);
    expect(result.problems.map((problem) => problem.field)).toEqual(['mappings.0.field', 'mappings.2.field', 'mappings.3.target', 'mappings.4.target.field']);
    expect(result.problems[3]!.message).toContain('Do not call takes a true/false field');
  });

  it('lets a key take a contact field and a lead field of the same type, not of another', () => {
    expect(check([{ field: 'tz', target: { kind: 'custom', key: 'plan' } }, { objectType: 'lead', field: 'Plan__c', target: { kind: 'custom', key: 'plan' } }]).problems).toEqual([]);
    const mismatch = check([{ field: 'plan', target: { kind: 'custom', key: 'plan' } }, { objectType: 'lead', field: 'Plan__c', target: { kind: 'custom', key: 'plan' } }]);
    expect(mismatch.problems.map((problem) => problem.field)).toEqual(['mappings.1.target.key']);
  });

  it('tells a changed mapping from the same one in another order', () => {
    const a = { objectType: 'contact', field: 'plan', targetKind: 'custom', targetKey: 'plan' };
    const b = { objectType: 'contact', field: 'seats', targetKind: 'custom', targetKey: 'seats' };
    expect(mappingSignature([a, b])).toBe(mappingSignature([b, a]));
    expect(mappingSignature([a])).not.toBe(mappingSignature([a, b]));
  });
});

describe('a provider\'s cap on mapped fields', () => {
  it('refuses more mapped fields of one object than the CRM can return per request', () => {
    const many = Array.from({ length: 3 }, (_, i) => field(`f${i}`, 'string'));
    const mappings = many.map((f, i) => ({ objectType: 'contact' as const, field: f.name, target: { kind: 'custom' as const, key: `f${i}` } }));
    expect(checkMappings(mappings, many, 3).problems).toEqual([]);
    expect(checkMappings(mappings, many, 2).problems).toEqual([{ field: 'mappings', message: 'This CRM syncs at most 2 mapped contact fields; 3 are mapped' }]);
  });
});
