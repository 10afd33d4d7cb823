import { z } from 'zod';
import type { ContactFieldCatalogue } from './contact-field-catalogue';
import type { PropertyDefinition } from './contact-field-definitions';
import type { ContactProperties } from './contact-properties';
import { createValidationError } from './errors';

/** HubSpot accepts property values as strings, numbers or booleans and stores them as strings. */
export const ZPropertyValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** Parses a request body with zod and refuses it with HubSpot's VALIDATION_ERROR body. */
export function parseCrmBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  throw createValidationError(`Invalid input: ${details}`);
}

export type PropertyProblem = { isValid: false; message: string; error: string; name: string };

/** What a write is checked against: the portal's id (named in errors) and its properties. */
export type PropertyWriteTarget = { id: number; fields: ContactFieldCatalogue };

/** HubSpot keeps at most this many characters in one property value. */
const MAX_VALUE_LENGTH = 65_536;

/**
 * Checks property writes the way HubSpot does and refuses them with its
 * "Property values were not valid: [...]" message: unknown names, read-only properties, values
 * that do not fit the property's type, invalid enumeration options and invalid emails. Valid
 * values are stored as HubSpot returns them (dates "YYYY-MM-DD", datetimes ISO, numbers and
 * booleans as text). An empty string clears a property.
 */
export function validatePropertyWrites(input: z.infer<typeof ZPropertyValues>, portal: PropertyWriteTarget): ContactProperties {
  const problems: PropertyProblem[] = [];
  const properties: ContactProperties = {};
  for (const [name, raw] of Object.entries(input)) {
    const value = raw === null || raw === '' ? null : String(raw);
    const definition = portal.fields.find(name);
    const checked = checkValue(name, definition, value);
    if ('error' in checked) problems.push({ isValid: false, message: checked.message, error: checked.error, name });
    else properties[name] = checked.value;
  }
  refuseInvalidProperties(problems, portal.id);
  return properties;
}

/** HubSpot lists every invalid property, as JSON, inside one VALIDATION_ERROR message. */
export function refuseInvalidProperties(problems: PropertyProblem[], portalId: number): void {
  if (problems.length === 0) return;
  const detailed = problems.map((problem) => ({ ...problem, localizedErrorMessage: problem.message, portalId }));
  throw createValidationError(`Property values were not valid: ${JSON.stringify(detailed)}`);
}

type Checked = { value: string | null } | { message: string; error: string };

function checkValue(name: string, definition: PropertyDefinition | undefined, value: string | null): Checked {
  if (!definition) return { message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST' };
  if (definition.readOnlyValue) return { message: `"${name}" is a read only property; its value cannot be set.`, error: 'READ_ONLY_VALUE' };
  if (value === null) return { value };
  if (value.length > MAX_VALUE_LENGTH) return { message: `Property values cannot be longer than ${MAX_VALUE_LENGTH} characters.`, error: 'INVALID_STRING_LENGTH' };
  if (name === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { message: `Email address ${value} is invalid`, error: 'INVALID_EMAIL' };
  switch (definition.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value.trim()) ? { value: value.trim() } : { message: `${value} is not a valid number.`, error: 'INVALID_DOUBLE' };
    case 'bool': {
      const lowered = value.trim().toLowerCase();
      return lowered === 'true' || lowered === 'false' ? { value: lowered } : invalidOption(value, ['true', 'false']);
    }
    case 'date':
      return checkDate(value);
    case 'datetime':
      return checkDateTime(value);
    case 'enumeration':
      return checkOptions(definition, value);
    default:
      return { value };
  }
}

/** A date is "YYYY-MM-DD" or epoch milliseconds at midnight UTC, as HubSpot requires. */
function checkDate(value: string): Checked {
  const trimmed = value.trim();
  const time = /^\d+$/.test(trimmed) ? Number(trimmed) : /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? Date.parse(`${trimmed}T00:00:00.000Z`) : NaN;
  if (Number.isNaN(time) || time % 86_400_000 !== 0) {
    return { message: `${value} is not a valid date. Dates must be formatted as YYYY-MM-DD or as midnight UTC in epoch milliseconds.`, error: 'INVALID_DATE' };
  }
  return { value: new Date(time).toISOString().slice(0, 10) };
}

/** A datetime is ISO 8601 or epoch milliseconds; it is stored as ISO with milliseconds. */
function checkDateTime(value: string): Checked {
  const trimmed = value.trim();
  const time = /^\d+$/.test(trimmed) ? Number(trimmed) : /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(time)) return { message: `${value} is not a valid datetime. Use ISO 8601 or epoch milliseconds.`, error: 'INVALID_DATETIME' };
  return { value: new Date(time).toISOString() };
}

/** Select and radio take one option's value; checkboxes take several joined by ";". Owners (external options) are not checked. */
function checkOptions(definition: PropertyDefinition, value: string): Checked {
  if (definition.externalOptions) return { value };
  const allowed = definition.options.map((option) => option.value);
  const chosen = definition.fieldType === 'checkbox' ? value.split(';').filter((part) => part !== '') : [value];
  const invalid = chosen.find((part) => !allowed.includes(part));
  if (invalid !== undefined) return invalidOption(invalid, allowed);
  return { value: chosen.join(';') };
}

function invalidOption(value: string, allowed: string[]): { message: string; error: string } {
  return { message: `${value} was not one of the allowed options: [${allowed.join(', ')}]`, error: 'INVALID_OPTION' };
}
