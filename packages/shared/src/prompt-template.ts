import type { TCrmFieldOption, TCrmFieldType, TCustomFieldValue, TStandardContactField } from './custom-fields';
import { CUSTOM_FIELD_KEY_PATTERN } from './custom-fields';
import type { TPlatform } from './platforms';

/**
 * The variables of an agent's greeting and instructions: `{{contact.first_name}}`,
 * `{{ custom.renewal_date }}`, `{{custom.plan | "your plan"}}` (a default in double quotes, `\"`
 * and `\\` escaped). Hand-written rather than Handlebars or Mustache: those bring helpers,
 * sections and HTML escaping a spoken prompt must not have, and neither reports errors with
 * offsets for an editor.
 */

type ContactVariable = { label: string; type: TCrmFieldType; standardField?: TStandardContactField };

/** `{{contact.<name>}}`: what every synced contact has, whichever CRM it came from, and the standard VoiceAgent fields. */
export const PROMPT_CONTACT_VARIABLES = {
  first_name: { label: 'First name', type: 'string' },
  last_name: { label: 'Last name', type: 'string' },
  full_name: { label: 'Full name', type: 'string' },
  company: { label: 'Company', type: 'string' },
  job_title: { label: 'Job title', type: 'string' },
  email: { label: 'Email', type: 'email' },
  phone: { label: 'Phone', type: 'phone' },
  lead_status: { label: 'Lead status', type: 'string' },
  lifecycle_stage: { label: 'Lifecycle stage', type: 'string' },
  platform: { label: 'CRM', type: 'string' },
  time_zone: { label: 'Time zone', type: 'string', standardField: 'timeZone' },
  preferred_language: { label: 'Preferred language', type: 'string', standardField: 'preferredLanguage' },
  do_not_call: { label: 'Do not call', type: 'boolean', standardField: 'doNotCall' },
  call_consent: { label: 'Consent to be called', type: 'boolean', standardField: 'callConsent' },
  preferred_call_time: { label: 'Preferred call time', type: 'string', standardField: 'preferredCallTime' },
  account_owner: { label: 'Account owner', type: 'string', standardField: 'accountOwner' },
} as const satisfies Record<string, ContactVariable>;
export type TPromptContactVariable = keyof typeof PROMPT_CONTACT_VARIABLES;
export const PROMPT_CONTACT_VARIABLE_NAMES = Object.keys(PROMPT_CONTACT_VARIABLES) as TPromptContactVariable[];

export const PROMPT_NAMESPACES = ['contact', 'custom'] as const;
export type TPromptNamespace = (typeof PROMPT_NAMESPACES)[number];

/** How the CRM is named when a prompt speaks of it (`{{contact.platform}}`). */
export const PLATFORM_PROMPT_NAMES = { hubspot: 'HubSpot', zoho: 'Zoho', salesforce: 'Salesforce' } as const satisfies Record<TPlatform, string>;

/** One `{{…}}` of a template: `name` is `contact.first_name` or `custom.<key>`; offsets count UTF-16 units from the start. */
export type TPromptVariableUse = { name: string; namespace: TPromptNamespace; key: string; default?: string; offset: number; end: number };
export type TPromptTemplateError = { message: string; offset: number; variable?: string };
export type TPromptTemplatePart = { kind: 'text'; text: string } | ({ kind: 'variable' } & TPromptVariableUse);
export type TParsedPromptTemplate = { parts: TPromptTemplatePart[]; variables: TPromptVariableUse[]; errors: TPromptTemplateError[] };

const OPEN = '{{';
const CLOSE = '}}';
const NAME_CHARS = /[^\s|}"{]/;
const NAMESPACED = /^([A-Za-z_][A-Za-z0-9_]*)\.(.+)$/;

/**
 * Splits a template into text and variables. A wrong `{{…}}` (unclosed, empty, malformed, of an
 * unknown namespace) is reported with its offset and kept as text, so that a render of a broken
 * template shows it as written.
 */
export function parsePromptTemplate(text: string): TParsedPromptTemplate {
  const parts: TPromptTemplatePart[] = [];
  const variables: TPromptVariableUse[] = [];
  const errors: TPromptTemplateError[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(OPEN, at);
    if (open < 0) {
      literal += text.slice(at);
      break;
    }
    literal += text.slice(at, open);
    const scanned = scanVariable(text, open);
    if ('error' in scanned) {
      errors.push(scanned.error);
      literal += text.slice(open, scanned.end);
    } else {
      if (literal) parts.push({ kind: 'text', text: literal });
      literal = '';
      parts.push({ kind: 'variable', ...scanned.variable });
      variables.push(scanned.variable);
    }
    at = scanned.end;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return { parts, variables, errors };
}

type Scanned = { variable: TPromptVariableUse; end: number } | { error: TPromptTemplateError; end: number };

/** Reads the `{{…}}` starting at `open`; `end` is where scanning goes on (after `}}`, or the end of an unclosed one). */
function scanVariable(text: string, open: number): Scanned {
  const closeAt = text.indexOf(CLOSE, open + OPEN.length);
  // Where to resume after an error: past the next `}}`, but never past the next `{{`, so that one
  // broken variable does not swallow the one after it.
  const nextOpen = text.indexOf(OPEN, open + OPEN.length);
  const skip = Math.min(closeAt < 0 ? text.length : closeAt + CLOSE.length, nextOpen < 0 ? text.length : nextOpen);
  const fail = (message: string, variable?: string): Scanned => ({ error: { message, offset: open, ...(variable ? { variable } : {}) }, end: skip });
  if (closeAt < 0) return fail('Unclosed {{: end the variable with }}');

  let at = skipSpaces(text, open + OPEN.length);
  const nameStart = at;
  while (at < text.length && NAME_CHARS.test(text[at]!)) at += 1;
  const name = text.slice(nameStart, at);
  if (!name) return text.startsWith(CLOSE, at) ? fail('Empty variable: write a name such as {{contact.first_name}}') : fail('Malformed variable: it must start with a name such as contact.first_name');
  const parsedName = NAMESPACED.exec(name);
  if (!parsedName) return fail(`Malformed variable ${name}: write contact.<name> or custom.<key>`, name);
  const [, namespace, key] = parsedName as unknown as [string, string, string];
  if (!isNamespace(namespace)) return fail(`Unknown namespace ${namespace}: variables start with contact. or custom.`, name);
  if (namespace === 'custom' && !CUSTOM_FIELD_KEY_PATTERN.test(key)) {
    return fail(`Malformed variable ${name}: a custom key has lower-case letters, digits and _, starting with a letter`, name);
  }
  if (namespace === 'contact' && !/^[a-z][a-z0-9_]*$/.test(key)) return fail(`Malformed variable ${name}: write contact.<name>, such as contact.first_name`, name);

  at = skipSpaces(text, at);
  let fallback: string | undefined;
  if (text[at] === '|') {
    at = skipSpaces(text, at + 1);
    if (text[at] !== '"') return fail(`Malformed default of ${name}: write it in double quotes, as {{${name} | "default"}}`, name);
    const quoted = readQuoted(text, at);
    if (!quoted) return { error: { message: `Unclosed default of ${name}: end it with " and the variable with }}`, offset: open, variable: name }, end: text.length };
    fallback = quoted.value;
    at = skipSpaces(text, quoted.end);
  }
  if (!text.startsWith(CLOSE, at)) return fail(`Malformed variable ${name}: expected }} after it`, name);
  const end = at + CLOSE.length;
  const variable: TPromptVariableUse = { name, namespace, key, ...(fallback === undefined ? {} : { default: fallback }), offset: open, end };
  return { variable, end };
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at += 1;
  return at;
}

/** A double-quoted string from `at` (its opening quote): `\"` and `\\` are escapes, any other backslash is itself. */
function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = at + 1; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '"') return { value, end: i + 1 };
    if (char === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i += 1;
    } else value += char;
  }
  return undefined;
}

function isNamespace(value: string): value is TPromptNamespace {
  return (PROMPT_NAMESPACES as readonly string[]).includes(value);
}

export function isPromptContactVariable(key: string): key is TPromptContactVariable {
  return Object.hasOwn(PROMPT_CONTACT_VARIABLES, key);
}

/**
 * Everything wrong with a template for a user: its syntax errors, then each variable that is not
 * one of PROMPT_CONTACT_VARIABLES or a custom key the user's mappings define, in text order.
 */
export function checkPromptTemplate(text: string, customKeys: ReadonlySet<string>): TPromptTemplateError[] {
  const parsed = parsePromptTemplate(text);
  const unknown = parsed.variables.flatMap((variable): TPromptTemplateError[] => {
    if (variable.namespace === 'contact' && !isPromptContactVariable(variable.key)) {
      return [{ message: `Unknown variable ${variable.name}: not a contact field`, offset: variable.offset, variable: variable.name }];
    }
    if (variable.namespace === 'custom' && !customKeys.has(variable.key)) {
      return [{ message: `Unknown variable ${variable.name}: no CRM field is mapped to the custom key ${variable.key}`, offset: variable.offset, variable: variable.name }];
    }
    return [];
  });
  return [...parsed.errors, ...unknown].sort((a, b) => a.offset - b.offset);
}

/**
 * The template with each variable replaced by `resolve(name)`; a variable without a value
 * (undefined, or only blanks) gets its default, or nothing. A broken `{{…}}` stays as written.
 */
export function renderPromptTemplate(text: string, resolve: (name: string) => string | undefined): string {
  return parsePromptTemplate(text)
    .parts.map((part) => {
      if (part.kind === 'text') return part.text;
      const value = resolve(part.name);
      return value !== undefined && value.trim() !== '' ? value : (part.default ?? '');
    })
    .join('');
}

/**
 * A typed value as an agent says it: booleans yes / no, an enumeration by its option's label,
 * a multi-select's labels joined with ", ", dates and numbers as written. Undefined when there is
 * nothing to say (no value, an empty text or selection).
 */
export function formatFieldValueForPrompt(
  value: TCustomFieldValue | null | undefined,
  type: TCrmFieldType,
  options: readonly TCrmFieldOption[] = [],
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const labelOf = (choice: string) => (type === 'enumeration' || type === 'multi_select' ? (options.find((option) => option.value === choice)?.label ?? choice) : choice);
  let display: string;
  if (typeof value === 'boolean') display = value ? 'yes' : 'no';
  else if (typeof value === 'number') display = String(value);
  else if (Array.isArray(value)) display = value.map(labelOf).join(', ');
  else display = labelOf(value);
  return display.trim() === '' ? undefined : display;
}
