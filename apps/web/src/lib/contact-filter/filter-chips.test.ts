import { describe, expect, it } from 'vitest';
import { buildFilterChips, describeCondition, toFieldLookup } from './filter-chips';
import { toDraft } from './filter-draft';
import { TEST_FIELDS } from './test-fields';

const lookup = toFieldLookup(TEST_FIELDS);
const say = (field: string, operator: Parameters<typeof describeCondition>[0]['operator'], value?: unknown) => describeCondition({ field, operator, value }, lookup);

describe('filter chips', () => {
  it('reads each operator as a sentence about the field', () => {
    expect(say('lifecycleStage', 'eq', 'customer')).toBe('Lifecycle stage is customer');
    expect(say('lifecycleStage', 'neq', 'lead')).toBe('Lifecycle stage is not lead');
    expect(say('crmCreatedAt', 'in_last_days', 30)).toBe('Created in the CRM in the last 30 days');
    expect(say('crmCreatedAt', 'in_last_days', 1)).toBe('Created in the CRM in the last 1 day');
    expect(say('company', 'contains', 'Acme')).toBe('Company contains Acme');
    expect(say('email', 'starts_with', 'ada')).toBe('Email starts with ada');
    expect(say('jobTitle', 'is_empty')).toBe('Job title is empty');
    expect(say('jobTitle', 'is_not_empty')).toBe('Job title is not empty');
    expect(say('company', 'not_in', ['A', 'B'])).toBe('Company is none of A, B');
  });

  it('shows closed values by their labels, yes / no for booleans, and numbers and dates by kind', () => {
    expect(say('custom.plan', 'in', ['pro', 'team'])).toBe('plan is any of Pro, Team');
    expect(say('platform', 'eq', 'hubspot')).toBe('CRM is HubSpot');
    expect(say('isCallable', 'eq', true)).toBe('Callable is yes');
    expect(say('doNotCall', 'eq', false)).toBe('Do not call is no');
    expect(say('custom.seats', 'gte', 1500)).toBe('Seats is at least 1,500');
    expect(say('custom.seats', 'between', [5, 10])).toBe('Seats is between 5 and 10');
    expect(say('crmUpdatedAt', 'gt', '2026-01-05T14:30:00.000Z')).toBe('Updated in the CRM is after 2026-01-05 14:30 UTC');
  });

  it('names a field the fields list does not know by its standard label or its key', () => {
    expect(describeCondition({ field: 'leadStatus', operator: 'eq', value: 'new' }, new Map())).toBe('Lead status is new');
    expect(describeCondition({ field: 'custom.gone', operator: 'eq', value: 'x' }, new Map())).toBe('gone is x');
  });

  it('gives one chip per top-level condition or group, a group summarised with its mode and cut when long', () => {
    const chips = buildFilterChips(
      toDraft({
        and: [
          { field: 'lifecycleStage', operator: 'eq', value: 'customer' },
          { not: { or: [{ field: 'leadStatus', operator: 'eq', value: 'new' }, { and: [{ field: 'company', operator: 'is_empty' }] }] } },
          { or: Array.from({ length: 6 }, (_, i) => ({ field: 'company', operator: 'contains' as const, value: `Company number ${i}` })) },
        ],
      }),
      lookup,
    );
    expect(chips.map((chip) => chip.text)).toEqual([
      'Lifecycle stage is customer',
      'None of: Lead status is new; (All of: Company is empty)',
      expect.stringMatching(/^Any of: Company contains Company number 0; .*…$/),
    ]);
    expect(chips[2]!.text.length).toBe(90);
    expect(chips[2]!.fullText).toContain('Company number 5');
  });
});
