import type { TContactObjectType, TCrmFieldType } from '@voiceagent/shared';

/** How the screens name each field type, in the words CRM users know. */
export const FIELD_TYPE_LABELS = {
  string: 'Text',
  number: 'Number',
  boolean: 'Yes/No',
  date: 'Date',
  datetime: 'Date & time',
  enumeration: 'Picklist',
  multi_select: 'Multi-select',
  phone: 'Phone',
  email: 'Email',
} as const satisfies Record<TCrmFieldType, string>;

export const FIELD_OBJECT_LABELS = {
  contact: 'Contact',
  lead: 'Lead',
} as const satisfies Record<TContactObjectType, string>;

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** "1 field mapping is broken", "3 field mappings are broken". */
export const describeBrokenCount = (count: number) => `${plural(count, 'field mapping')} ${count === 1 ? 'is' : 'are'} broken`;

/** "2 values did not fit their field's type". */
export const describeInvalidCount = (count: number) => `${plural(count, 'value')} did not fit ${count === 1 ? 'its' : 'their'} field's type`;

export const describeInvalidValues = (count: number) => plural(count, 'invalid value');
