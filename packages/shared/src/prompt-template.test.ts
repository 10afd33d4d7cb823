import { describe, expect, it } from 'vitest';
import { checkPromptTemplate, formatFieldValueForPrompt, parsePromptTemplate, renderPromptTemplate, PROMPT_CONTACT_VARIABLES } from './prompt-template';
import { STANDARD_CONTACT_FIELDS } from './custom-fields';

describe('parsePromptTemplate', () => {
  it('finds variables with and without spaces and defaults, with their offsets', () => {
    const text = 'Hi {{contact.first_name}}, about {{ custom.renewal_date }} and {{custom.plan | "your plan"}}.';
    const parsed = parsePromptTemplate(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.variables.map(({ name, default: fallback, offset }) => ({ name, default: fallback, offset }))).toEqual([
      { name: 'contact.first_name', default: undefined, offset: 3 },
      { name: 'custom.renewal_date', default: undefined, offset: text.indexOf('{{ custom') },
      { name: 'custom.plan', default: 'your plan', offset: text.indexOf('{{custom.plan') },
    ]);
    expect(parsed.parts.filter((part) => part.kind === 'text').map((part) => part.kind === 'text' && part.text)).toEqual(['Hi ', ', about ', ' and ', '.']);
  });

  it('reads \\" and \\\\ in a default, and a }} inside the quotes', () => {
    const parsed = parsePromptTemplate('{{custom.plan | "the \\"gold\\" plan \\\\ }} tier"}}');
    expect(parsed.errors).toEqual([]);
    expect(parsed.variables[0]!.default).toBe('the "gold" plan \\ }} tier');
  });

  it('reads text without variables as one part, and an empty text as none', () => {
    expect(parsePromptTemplate('Ask whether they want to renew.')).toEqual({ parts: [{ kind: 'text', text: 'Ask whether they want to renew.' }], variables: [], errors: [] });
    expect(parsePromptTemplate('')).toEqual({ parts: [], variables: [], errors: [] });
  });

  it.each([
    ['an unclosed {{', 'Hello {{contact.first_name', 6, /Unclosed \{\{/],
    ['an empty variable', 'Hello {{ }}', 6, /Empty variable/],
    ['a name without a namespace', 'Hello {{first_name}}', 6, /Malformed variable first_name/],
    ['an unknown namespace', 'Hello {{user.name}}', 6, /Unknown namespace user/],
    ['a custom key in capitals', 'Hello {{custom.Plan}}', 6, /Malformed variable custom.Plan/],
    ['a default without quotes', 'Hello {{custom.plan | gold}}', 6, /double quotes/],
    ['an unclosed default', 'Hello {{custom.plan | "gold}}', 6, /Unclosed default/],
    ['two names', 'Hello {{contact.first_name contact.last_name}}', 6, /expected \}\}/],
  ])('reports %s with its offset', (_label, text, offset, message) => {
    const { errors, variables } = parsePromptTemplate(text);
    expect(variables).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.offset).toBe(offset);
    expect(errors[0]!.message).toMatch(message);
  });

  it('goes on after a broken variable without swallowing the next one', () => {
    const parsed = parsePromptTemplate('{{contact.first_name} and {{custom.plan}}');
    expect(parsed.errors.map((error) => error.offset)).toEqual([0]);
    expect(parsed.variables.map((variable) => variable.name)).toEqual(['custom.plan']);
  });
});

describe('checkPromptTemplate', () => {
  const keys = new Set(['plan', 'renewal_date']);

  it('accepts the contact variables and the mapped custom keys', () => {
    const text = Object.keys(PROMPT_CONTACT_VARIABLES).map((name) => `{{contact.${name}}}`).join(' ') + ' {{custom.plan}} {{custom.renewal_date | "soon"}}';
    expect(checkPromptTemplate(text, keys)).toEqual([]);
  });

  it('names unknown contact variables and unmapped custom keys, with syntax errors, in text order', () => {
    const errors = checkPromptTemplate('{{custom.tier}} {{ user.x }} {{contact.nickname}}', keys);
    expect(errors.map((error) => [error.variable, error.offset])).toEqual([
      ['custom.tier', 0],
      ['user.x', 16],
      ['contact.nickname', 29],
    ]);
    expect(errors[0]!.message).toMatch(/no CRM field is mapped/);
  });
});

describe('renderPromptTemplate', () => {
  const values: Record<string, string | undefined> = { 'contact.first_name': 'Ada', 'custom.plan': 'Gold', 'contact.company': '  ' };

  it('puts each value in place, and the default (or nothing) where a value is missing or blank', () => {
    const text = 'Hi {{contact.first_name | "there"}}, your {{custom.plan}} plan at {{contact.company | "your company"}} renews {{custom.renewal_date | "soon"}}{{custom.note}}.';
    expect(renderPromptTemplate(text, (name) => values[name])).toBe('Hi Ada, your Gold plan at your company renews soon.');
  });

  it('leaves a broken variable as written', () => {
    expect(renderPromptTemplate('Hi {{contact.first_name}} {{oops', (name) => values[name])).toBe('Hi Ada {{oops');
  });
});

describe('formatFieldValueForPrompt', () => {
  const options = [
    { value: 'gold', label: 'Gold plan' },
    { value: 'silver', label: 'Silver plan' },
  ];

  it('says booleans as yes and no, numbers and dates as written', () => {
    expect(formatFieldValueForPrompt(true, 'boolean')).toBe('yes');
    expect(formatFieldValueForPrompt(false, 'boolean')).toBe('no');
    expect(formatFieldValueForPrompt(1250.5, 'number')).toBe('1250.5');
    expect(formatFieldValueForPrompt(0, 'number')).toBe('0');
    expect(formatFieldValueForPrompt('2026-03-01', 'date')).toBe('2026-03-01');
  });

  it('shows enumerations by label, multi-selects joined, and an unknown option by its value', () => {
    expect(formatFieldValueForPrompt('gold', 'enumeration', options)).toBe('Gold plan');
    expect(formatFieldValueForPrompt('bronze', 'enumeration', options)).toBe('bronze');
    expect(formatFieldValueForPrompt(['gold', 'silver'], 'multi_select', options)).toBe('Gold plan, Silver plan');
  });

  it('has nothing to say for no value, an empty text or an empty selection', () => {
    expect(formatFieldValueForPrompt(null, 'string')).toBeUndefined();
    expect(formatFieldValueForPrompt(undefined, 'string')).toBeUndefined();
    expect(formatFieldValueForPrompt('', 'string')).toBeUndefined();
    expect(formatFieldValueForPrompt([], 'multi_select', options)).toBeUndefined();
  });

  it('keeps a raw value that did not fit its type as the CRM sent it', () => {
    expect(formatFieldValueForPrompt('not a number', 'number')).toBe('not a number');
  });
});

describe('PROMPT_CONTACT_VARIABLES', () => {
  it('offers every standard VoiceAgent field with its label and type', () => {
    const standard = Object.values(PROMPT_CONTACT_VARIABLES).flatMap((variable) => ('standardField' in variable ? [variable] : []));
    expect(standard.map((variable) => variable.standardField).sort()).toEqual(Object.keys(STANDARD_CONTACT_FIELDS).sort());
    for (const variable of standard) expect(variable).toMatchObject(STANDARD_CONTACT_FIELDS[variable.standardField]);
  });
});
