import { z } from 'zod';
import { LEAD_STATUSES, LIFECYCLE_STAGES, READ_ONLY_PROPERTIES, isKnownContactProperty, type ContactProperties } from './contact-properties';
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

/**
 * Checks property writes the way HubSpot does and refuses them with its
 * "Property values were not valid: [...]" message: unknown names, read-only properties,
 * invalid enumeration options and invalid emails. An empty string clears a property.
 */
export function validatePropertyWrites(input: z.infer<typeof ZPropertyValues>, portalId: number): ContactProperties {
  const problems: PropertyProblem[] = [];
  const properties: ContactProperties = {};
  for (const [name, raw] of Object.entries(input)) {
    const value = raw === null || raw === '' ? null : String(raw);
    const problem = findProblem(name, value);
    if (problem) problems.push({ isValid: false, message: problem.message, error: problem.error, name });
    else if (isKnownContactProperty(name)) properties[name] = value;
  }
  refuseInvalidProperties(problems, portalId);
  return properties;
}

/** HubSpot lists every invalid property, as JSON, inside one VALIDATION_ERROR message. */
export function refuseInvalidProperties(problems: PropertyProblem[], portalId: number): void {
  if (problems.length === 0) return;
  const detailed = problems.map((problem) => ({ ...problem, localizedErrorMessage: problem.message, portalId }));
  throw createValidationError(`Property values were not valid: ${JSON.stringify(detailed)}`);
}

function findProblem(name: string, value: string | null): { message: string; error: string } | null {
  if (!isKnownContactProperty(name)) return { message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST' };
  if (READ_ONLY_PROPERTIES.has(name)) return { message: `"${name}" is a read only property; its value cannot be set.`, error: 'READ_ONLY_VALUE' };
  if (value === null) return null;
  if (name === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { message: `Email address ${value} is invalid`, error: 'INVALID_EMAIL' };
  if (name === 'lifecyclestage' && !LIFECYCLE_STAGES.includes(value)) return invalidOption(value, LIFECYCLE_STAGES);
  if (name === 'hs_lead_status' && !LEAD_STATUSES.includes(value)) return invalidOption(value, LEAD_STATUSES);
  return null;
}

function invalidOption(value: string, allowed: string[]): { message: string; error: string } {
  return { message: `${value} was not one of the allowed options: [${allowed.join(', ')}]`, error: 'INVALID_OPTION' };
}
