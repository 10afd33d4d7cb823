import { describe, expect, it } from 'vitest';
import { formatCell, neutraliseCell } from './csv-cells';

describe('neutraliseCell', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\rx', '=', '+', '-', '@'])('puts a quote before %j, which a spreadsheet would run', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it.each(['Ada', '', ' =1+1', "'quoted", '1+1', 'a=b', '"=1"'])('leaves %j as it is', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it.each(['+14155550101', '+1 415 555 0101', '+1 (415) 555-0101', '+44.20.7123.4567'])('leaves the plain phone number %j alone in a phone column', (phone) => {
    expect(neutraliseCell(phone, true)).toBe(phone);
    expect(neutraliseCell(phone, false)).toBe(`'${phone}`);
  });

  it.each(['+1 415 555 0101 ext 9', '+cmd|calc', '-1', '+', '+(1)', '=14155550101'])('neutralises %j even in a phone column', (phone) => {
    expect(neutraliseCell(phone, true)).toBe(`'${phone}`);
  });
});

describe('formatCell', () => {
  it('writes values plainly: ISO times, true/false, a multi-select joined with "; ", nothing for null', () => {
    expect(formatCell(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(formatCell(true)).toBe('true');
    expect(formatCell(false)).toBe('false');
    expect(formatCell(['golf', 'tennis'])).toBe('golf; tennis');
    expect(formatCell(null)).toBeNull();
    expect(formatCell(undefined)).toBeNull();
    expect(formatCell(12.5)).toBe('12.5');
  });

  it('writes a typed negative number as a number, but neutralises text and a multi-select that would run', () => {
    expect(formatCell(-5)).toBe('-5');
    expect(formatCell('-5')).toBe("'-5");
    expect(formatCell(['=x', 'y'])).toBe("'=x; y");
    expect(formatCell('+14155550101', true)).toBe('+14155550101');
  });
});
