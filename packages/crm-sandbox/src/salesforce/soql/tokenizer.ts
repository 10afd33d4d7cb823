import { SoqlSyntaxError } from './ast';

export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'datetime'; text: string; pos: number }
  | { kind: 'date'; text: string; pos: number }
  | { kind: 'op'; text: '=' | '!=' | '<' | '<=' | '>' | '>='; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ',' | '.' | ':'; pos: number }
  | { kind: 'end'; text: ''; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
/** SOQL's escapes inside quotes; \% and \_ stay escaped so LIKE can tell them from wildcards. */
const ESCAPES: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '%': '\\%', _: '\\_' };

/** Splits SOQL into tokens; anything it cannot read is a MALFORMED_QUERY at that position. */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < soql.length) {
    const ch = soql[pos]!;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    const rest = soql.slice(pos, pos + 40);
    if (ch === "'") {
      let text = '';
      let i = pos + 1;
      for (;;) {
        if (i >= soql.length) throw new SoqlSyntaxError(`unexpected end of query: unterminated string starting at ${pos}`);
        const c = soql[i]!;
        if (c === "'") break;
        if (c === '\\') {
          const escaped = ESCAPES[soql[i + 1] ?? ''];
          if (escaped === undefined) throw new SoqlSyntaxError(`Invalid string literal at ${i}: unknown escape`);
          text += escaped;
          i += 2;
          continue;
        }
        text += c;
        i++;
      }
      tokens.push({ kind: 'string', text, pos });
      pos = i + 1;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ kind: 'datetime', text: datetime[0], pos });
      pos += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], pos });
      pos += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number && (ch !== '-' || /\d/.test(soql[pos + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], pos });
      pos += number[0].length;
      continue;
    }
    const ident = IDENT.exec(soql.slice(pos));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos });
      pos += ident[0].length;
      continue;
    }
    const two = soql.slice(pos, pos + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>') {
      tokens.push({ kind: 'op', text: two === '<>' ? '!=' : two, pos });
      pos += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>') {
      tokens.push({ kind: 'op', text: ch, pos });
      pos++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.' || ch === ':') {
      tokens.push({ kind: 'punct', text: ch, pos });
      pos++;
      continue;
    }
    throw new SoqlSyntaxError(`unexpected token: '${ch}' at position ${pos}`);
  }
  tokens.push({ kind: 'end', text: '', pos });
  return tokens;
}
