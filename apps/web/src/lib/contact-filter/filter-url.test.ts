import { CONTACT_FILTER_PARAM_MAX, type TFilterNode } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { decodeWhere, encodeWhere, findTreeProblem, fitsInQuery } from './filter-url';
import { TEST_FIELDS } from './test-fields';

const tree: TFilterNode = { and: [{ field: 'lifecycleStage', operator: 'eq', value: 'customer' }, { field: 'crmCreatedAt', operator: 'in_last_days', value: 30 }] };

describe('the filter in a URL', () => {
  it('comes back as the same tree through a URL', () => {
    const params = new URLSearchParams({ where: encodeWhere(tree) });
    const read = new URLSearchParams(params.toString()).get('where');
    expect(decodeWhere(read)).toEqual({ status: 'ok', tree });
  });

  it('is absent when the parameter is missing or blank', () => {
    expect(decodeWhere(null)).toEqual({ status: 'none' });
    expect(decodeWhere('  ')).toEqual({ status: 'none' });
  });

  it('says so when the parameter is not JSON, or JSON that is not a tree', () => {
    expect(decodeWhere('{"and":[')).toEqual({ status: 'invalid', message: expect.stringContaining('not JSON') });
    expect(decodeWhere('{"or":[]}')).toEqual({ status: 'invalid', message: expect.stringContaining('not a filter') });
    expect(decodeWhere('{"field":"company","operator":"like","value":"x"}')).toMatchObject({ status: 'invalid' });
  });

  it("checks a well-formed tree against the person's fields", () => {
    expect(findTreeProblem(tree, TEST_FIELDS)).toBeNull();
    expect(findTreeProblem({ field: 'custom.gone', operator: 'eq', value: 'x' }, TEST_FIELDS)).toMatch(/No mapped custom field "custom.gone"/);
    expect(findTreeProblem({ field: 'isCallable', operator: 'contains', value: 'x' }, TEST_FIELDS)).toMatch(/does not take "contains"/);
  });

  it('goes in the query up to the parameter limit, and by POST beyond it', () => {
    expect(fitsInQuery(tree)).toBe(true);
    const long: TFilterNode = { field: 'company', operator: 'in', value: Array.from({ length: 400 }, (_, i) => `Company ${i}`) };
    expect(encodeWhere(long).length).toBeGreaterThan(CONTACT_FILTER_PARAM_MAX);
    expect(fitsInQuery(long)).toBe(false);
  });
});
