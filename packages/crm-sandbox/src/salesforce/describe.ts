import { choicesOf, isNumeric } from './schema';
import type { FieldDef } from './schema';

const SOAP_TYPES: Record<FieldDef['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
};

/**
 * One field as describe (GET /sobjects/<Type>/describe) reports it: the subset of Salesforce's
 * DescribeFieldResult a client reads to know a field — name, label, type, flags, lengths, number
 * precision, picklist values with labels and `active`, formula and reference details.
 */
export function describeField(field: FieldDef) {
  const isChoice = field.type === 'picklist' || field.type === 'multipicklist';
  const choices = isChoice ? choicesOf(field) : [];
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type],
    length: field.length,
    byteLength: field.length * 3,
    precision: isNumeric(field.type) ? (field.precision ?? 18) : 0,
    scale: isNumeric(field.type) ? (field.scale ?? 0) : 0,
    digits: field.type === 'int' ? 9 : 0,
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    defaultedOnCreate: field.type === 'boolean' || field.name === 'Id' || field.name === 'OwnerId' || field.autoNumber === true,
    custom: field.custom === true,
    calculated: field.calculatedFormula !== undefined,
    calculatedFormula: field.calculatedFormula ?? null,
    autoNumber: field.autoNumber === true,
    externalId: false,
    unique: false,
    filterable: field.type !== 'textarea',
    sortable: field.type !== 'textarea' && field.type !== 'multipicklist',
    restrictedPicklist: field.restrictedPicklist === true,
    extraTypeInfo: field.extraTypeInfo ?? null,
    inlineHelpText: null,
    defaultValue: null,
    picklistValues: choices.map((choice, i) => ({ active: choice.active, defaultValue: i === 0 && field.name === 'Status', label: choice.label, validFor: null, value: choice.value })),
    ...(field.type === 'reference' ? { referenceTo: referenceTargets(field.name), relationshipName: field.name.endsWith('Id') ? field.name.slice(0, -2) : null } : { referenceTo: [], relationshipName: null }),
  };
}

export type DescribedField = ReturnType<typeof describeField>;

function referenceTargets(field: string): string[] {
  if (field === 'AccountId') return ['Account'];
  if (field === 'OwnerId') return ['User'];
  if (field === 'WhoId') return ['Contact', 'Lead'];
  if (field === 'ConvertedContactId') return ['Contact'];
  return [];
}
