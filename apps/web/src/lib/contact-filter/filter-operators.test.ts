import { describe, expect, it } from 'vitest';
import { carryValue, defaultOperator, defaultValue, describeOperator } from './filter-operators';
import { fieldNamed } from './test-fields';

describe('filter operators', () => {
  it('reads numbers as more / less and dates as after / before', () => {
    expect(describeOperator('gt', 'number')).toBe('is more than');
    expect(describeOperator('gt', 'datetime')).toBe('is after');
    expect(describeOperator('lte', 'date')).toBe('is on or before');
    expect(describeOperator('in', 'text')).toBe('is any of');
    expect(describeOperator('in_last_days', 'date')).toBe('in the last … days');
    expect(describeOperator('is_empty', 'text')).toBe('is empty');
  });

  it('starts free text at contains, a closed set at is, dates at the last days, yes / no at is', () => {
    expect(defaultOperator(fieldNamed('company'))).toBe('contains');
    expect(defaultOperator(fieldNamed('platform'))).toBe('eq');
    expect(defaultOperator(fieldNamed('crmCreatedAt'))).toBe('in_last_days');
    expect(defaultOperator(fieldNamed('isCallable'))).toBe('eq');
    expect(defaultOperator(fieldNamed('custom.seats'))).toBe('eq');
  });

  it('gives each operator a value of its shape', () => {
    expect(defaultValue('in_last_days', 'datetime')).toBe(30);
    expect(defaultValue('in', 'text')).toEqual([]);
    expect(defaultValue('between', 'number')).toEqual([undefined, undefined]);
    expect(defaultValue('is_empty', 'text')).toBeUndefined();
    expect(defaultValue('eq', 'boolean')).toBe(true);
    expect(defaultValue('eq', 'text')).toBe('');
  });

  it('keeps a value across operators of the same shape, and turns one value into a list and back', () => {
    expect(carryValue('customer', 'eq', 'neq', 'text')).toBe('customer');
    expect(carryValue('customer', 'eq', 'in', 'text')).toEqual(['customer']);
    expect(carryValue(['a', 'b'], 'in', 'eq', 'text')).toBe('a');
    expect(carryValue('x', 'eq', 'is_empty', 'text')).toBeUndefined();
    expect(carryValue(5, 'gt', 'between', 'number')).toEqual([undefined, undefined]);
  });
});
