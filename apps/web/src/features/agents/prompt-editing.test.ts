import type { TPromptVariable } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { findPromptProblems, insertVariable, validatePrompts } from './prompt-editing';

const variables: TPromptVariable[] = [
  { name: 'contact.first_name', label: 'First name', type: 'string', source: 'contact', platforms: ['hubspot', 'zoho', 'salesforce'] },
  { name: 'custom.renewal_date', label: 'Renewal date', type: 'date', source: 'custom', platforms: ['hubspot'] },
];

describe('inserting a variable at the cursor', () => {
  it('puts {{name}} at the cursor and moves the cursor after it', () => {
    expect(insertVariable('Hi , welcome', 3, 3, 'contact.first_name')).toEqual({ text: 'Hi {{contact.first_name}}, welcome', cursor: 25 });
  });

  it('replaces the selected text', () => {
    expect(insertVariable('Your plan renews soon', 17, 21, 'custom.renewal_date')).toEqual({ text: 'Your plan renews {{custom.renewal_date}}', cursor: 40 });
  });

  it('keeps a space between a word and the variable', () => {
    expect(insertVariable('Hello', 5, 5, 'contact.first_name').text).toBe('Hello {{contact.first_name}}');
    expect(insertVariable('', 0, 0, 'contact.first_name').text).toBe('{{contact.first_name}}');
  });
});

describe('flagging variables before save', () => {
  it('names a custom key no CRM field is mapped to, and an unknown contact field', () => {
    const problems = findPromptProblems('{{custom.plan}} and {{contact.shoe_size}} for {{contact.first_name}} on {{custom.renewal_date}}', variables);
    expect(problems.map((p) => p.variable)).toEqual(['custom.plan', 'contact.shoe_size']);
    expect(problems[0]!.message).toMatch(/custom\.plan/);
  });

  it('checks only the syntax while the variables are unknown', () => {
    expect(findPromptProblems('{{custom.plan}}', undefined)).toEqual([]);
    expect(findPromptProblems('Hi {{contact.first_name', undefined)).toHaveLength(1);
  });

  it('reports the first problem of each field, counting the others', () => {
    const errors = validatePrompts({ greeting: 'Hi {{custom.a}} {{custom.b}}', instructions: 'Fine: {{custom.renewal_date | "soon"}}' }, variables);
    expect(errors.greeting).toMatch(/custom\.a.*\(and 1 more\)$/);
    expect(errors.instructions).toBeUndefined();
  });
});
