import type { TFilterField, TFilterOperator, TFilterValueKind } from '@voiceagent/shared';

/** What a person reads for each operator; dates say after / before rather than greater / less. */
export function describeOperator(operator: TFilterOperator, kind: TFilterValueKind): string {
  const isTime = kind === 'date' || kind === 'datetime';
  switch (operator) {
    case 'eq':
      return 'is';
    case 'neq':
      return 'is not';
    case 'in':
      return 'is any of';
    case 'not_in':
      return 'is none of';
    case 'contains':
      return kind === 'list' ? 'includes' : 'contains';
    case 'starts_with':
      return 'starts with';
    case 'gt':
      return isTime ? 'is after' : 'is more than';
    case 'gte':
      return isTime ? 'is on or after' : 'is at least';
    case 'lt':
      return isTime ? 'is before' : 'is less than';
    case 'lte':
      return isTime ? 'is on or before' : 'is at most';
    case 'between':
      return 'is between';
    case 'in_last_days':
      return 'in the last … days';
    case 'is_empty':
      return 'is empty';
    case 'is_not_empty':
      return 'is not empty';
  }
}

/** The operator a new condition on `field` starts with: what people most often mean by that kind. */
export function defaultOperator(field: TFilterField): TFilterOperator {
  const preferred: Record<TFilterValueKind, TFilterOperator> = {
    // Free text is searched by part; a closed set is picked from.
    text: field.values ? 'eq' : 'contains',
    number: 'eq',
    date: 'in_last_days',
    datetime: 'in_last_days',
    boolean: 'eq',
    list: 'contains',
  };
  const operator = preferred[field.kind];
  return field.operators.includes(operator) ? operator : (field.operators[0] ?? operator);
}

/** A condition's value while it is being edited: any shape, checked by checkFilterTree before it is applied. */
export type DraftValue = unknown;

/** The value an operator starts with: the shape it takes, as empty as that shape allows. */
export function defaultValue(operator: TFilterOperator, kind: TFilterValueKind): DraftValue {
  switch (operator) {
    case 'is_empty':
    case 'is_not_empty':
      return undefined;
    case 'in':
    case 'not_in':
      return [];
    case 'between':
      return [undefined, undefined];
    case 'in_last_days':
      return 30;
    default:
      if (kind === 'boolean') return true;
      if (kind === 'number') return undefined;
      return '';
  }
}

type ValueShape = 'none' | 'list' | 'pair' | 'days' | 'scalar';

export function valueShape(operator: TFilterOperator): ValueShape {
  switch (operator) {
    case 'is_empty':
    case 'is_not_empty':
      return 'none';
    case 'in':
    case 'not_in':
      return 'list';
    case 'between':
      return 'pair';
    case 'in_last_days':
      return 'days';
    default:
      return 'scalar';
  }
}

/** The value after switching operator: kept when it still fits (is → is not), else the new operator's default. */
export function carryValue(value: DraftValue, from: TFilterOperator, to: TFilterOperator, kind: TFilterValueKind): DraftValue {
  const shape = valueShape(to);
  if (shape === valueShape(from) && shape !== 'none') return value;
  // "is customer" becoming "is any of" keeps customer as the first of the list.
  if (shape === 'list' && valueShape(from) === 'scalar' && value !== undefined && value !== '') return [value];
  if (shape === 'scalar' && valueShape(from) === 'list' && Array.isArray(value) && value.length > 0) return value[0];
  return defaultValue(to, kind);
}
