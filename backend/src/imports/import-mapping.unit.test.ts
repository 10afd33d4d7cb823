import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './csv-upload';
import { checkMapping, guessMapping, readRow } from './import-mapping';

describe('guessMapping', () => {
  it('maps the header names CRMs and spreadsheets export, each field once, and leaves the rest unmapped', () => {
    expect(guessMapping(['E-mail', 'Email Address', 'Mobile', 'tel', 'First Name', 'surname', 'Company Name', 'Job Title', 'Notes'])).toEqual([
      'email',
      null,
      'mobilePhone',
      'phone',
      'firstName',
      'lastName',
      'company',
      'jobTitle',
      null,
    ]);
  });
});

describe('detectDelimiter', () => {
  it('takes the separator the header line uses most outside quotes', () => {
    expect(detectDelimiter('Name;Email;Phone\r\na,b;c')).toBe(';');
    expect(detectDelimiter('"Last; First",Email,Phone\n')).toBe(',');
    expect(detectDelimiter('Name\tEmail\n')).toBe('\t');
    expect(detectDelimiter('Email\n')).toBe(',');
  });
});

describe('checkMapping and readRow', () => {
  it('refuses a mapping without an email or phone, or naming a field twice, and reads a row as POST …/contacts would', () => {
    expect(() => checkMapping(['firstName', null], ['a', 'b'])).toThrow(/email, phone or mobilePhone/);
    expect(() => checkMapping(['email', 'email'], ['a', 'b'])).toThrow(/more than one column/);
    expect(() => checkMapping(['email'], ['a', 'b'])).toThrow(/one entry per column/);
    expect(readRow([' Ada ', 'ada@example.test', 'de'], ['firstName', 'email', 'country'])).toMatchObject({ input: { firstName: 'Ada', email: 'ada@example.test', country: 'DE' }, issues: [] });
    expect(readRow(['Ada', '030 1234567'], ['firstName', 'phone']).issues).toEqual([{ field: 'phone', message: expect.stringMatching(/country/) }]);
  });
});
