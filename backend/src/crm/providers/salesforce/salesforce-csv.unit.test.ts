import { describe, expect, it } from 'vitest';
import { parseBulkCsvPage } from './salesforce-csv';

describe('parseBulkCsvPage', () => {
  it('reads quoted values with commas, quotes and line breaks inside', () => {
    const text = '"Id","LastName","Account.Name","Title"\r\n"003A","O\'Brien","Acme, Inc.","Head of ""Sales""\nEMEA"\r\n"003B","Doe","",""\r\n';
    expect(parseBulkCsvPage(text)).toEqual([
      { Id: '003A', LastName: "O'Brien", 'Account.Name': 'Acme, Inc.', Title: 'Head of "Sales"\nEMEA' },
      { Id: '003B', LastName: 'Doe', 'Account.Name': '', Title: '' },
    ]);
  });

  it('reads a page with the header only, or nothing at all, as no rows', () => {
    expect(parseBulkCsvPage('"Id","LastName"\n')).toEqual([]);
    expect(parseBulkCsvPage('')).toEqual([]);
  });

  it('fails the page on broken CSV instead of guessing', () => {
    expect(() => parseBulkCsvPage('"Id","LastName"\n"003A","unterminated\n')).toThrow(expect.objectContaining({ code: 'provider_rejected' }));
  });
});
