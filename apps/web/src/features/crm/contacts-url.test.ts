import { describe, expect, it } from 'vitest';
import { readContactsUrl, writeContactsUrl } from './contacts-url';

describe('the contacts screen URL', () => {
  it('reads defaults from an empty URL', () => {
    expect(readContactsUrl(new URLSearchParams())).toEqual({
      view: 'unified',
      platform: null,
      q: '',
      isCallableOnly: false,
      objectType: null,
      sort: 'name',
      where: { status: 'none' },
    });
  });

  it('writes every filter and reads the same back, leaving defaults and other parameters alone', () => {
    const where = { or: [{ field: 'lifecycleStage', operator: 'eq' as const, value: 'customer' }] };
    const written = writeContactsUrl(new URLSearchParams('tab=x'), {
      view: 'separate',
      platform: 'zoho',
      q: 'ada',
      isCallableOnly: true,
      objectType: 'lead',
      sort: 'updated',
      where,
    });
    const read = readContactsUrl(new URLSearchParams(written.toString()));
    expect(read).toEqual({ view: 'separate', platform: 'zoho', q: 'ada', isCallableOnly: true, objectType: 'lead', sort: 'updated', where: { status: 'ok', tree: where } });
    expect(written.get('tab')).toBe('x');

    const cleared = writeContactsUrl(written, { view: 'unified', platform: null, q: ' ', isCallableOnly: false, objectType: null, sort: 'name', where: null });
    expect(cleared.toString()).toBe('tab=x');
  });

  it('ignores values it does not know, and reports a damaged where', () => {
    const read = readContactsUrl(new URLSearchParams('platform=myspace&objectType=deal&view=grid&where=%7Bnope'));
    expect(read).toMatchObject({ platform: null, objectType: null, view: 'unified', where: { status: 'invalid' } });
  });
});
