import { SoqlSyntaxError } from './ast';
import type { ComparisonOp, Condition, Literal, OrderItem, SoqlQuery } from './ast';
import { tokenize } from './tokenizer';
import type { Token } from './tokenizer';

const DATE_LITERALS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW']);
const N_DATE_LITERALS = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS']);
const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'NULL', 'TRUE', 'FALSE']);

/** Recursive descent over the token list: SELECT … FROM … [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]. */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(tokenize(soql)).query();
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): SoqlQuery {
    this.keyword('SELECT');
    const fields = this.selectList();
    this.keyword('FROM');
    const from = this.identifier('an object name');
    const where = this.acceptKeyword('WHERE') ? this.orExpression() : null;
    const orderBy: OrderItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.keyword('BY');
      do orderBy.push(this.orderItem());
      while (this.acceptPunct(','));
    }
    const limit = this.acceptKeyword('LIMIT') ? this.integer('LIMIT') : null;
    const offset = this.acceptKeyword('OFFSET') ? this.integer('OFFSET') : null;
    const last = this.peek();
    if (last.kind !== 'end') throw new SoqlSyntaxError(`unexpected token: '${last.text}'`);
    return { fields, from, where, orderBy, limit, offset };
  }

  private selectList(): string[] | null {
    if (this.isKeyword(this.peek(), 'COUNT') && this.peek(1).text === '(') {
      this.at += 2;
      this.punct(')');
      return null;
    }
    const fields = [this.fieldPath()];
    while (this.acceptPunct(',')) fields.push(this.fieldPath());
    return fields;
  }

  private fieldPath(): string {
    let path = this.identifier('a field name');
    while (this.acceptPunct('.')) path += `.${this.identifier('a field name')}`;
    return path;
  }

  private orderItem(): OrderItem {
    const field = this.fieldPath();
    const descending = this.acceptKeyword('DESC') ? true : (this.acceptKeyword('ASC'), false);
    let nullsLast = false;
    if (this.acceptKeyword('NULLS')) {
      if (this.acceptKeyword('LAST')) nullsLast = true;
      else this.keyword('FIRST');
    }
    return { field, descending, nullsLast };
  }

  private orExpression(): Condition {
    let left = this.andExpression();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.andExpression() };
    return left;
  }

  private andExpression(): Condition {
    let left = this.notExpression();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.notExpression() };
    return left;
  }

  private notExpression(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.notExpression() };
    if (this.acceptPunct('(')) {
      const inner = this.orExpression();
      this.punct(')');
      return inner;
    }
    return this.condition();
  }

  private condition(): Condition {
    const field = this.fieldPath();
    const token = this.peek();
    if (token.kind === 'op') {
      this.at++;
      return { kind: 'compare', field, op: token.text as ComparisonOp, value: this.literal() };
    }
    if (this.acceptKeyword('LIKE')) {
      const pattern = this.next();
      if (pattern.kind !== 'string') throw new SoqlSyntaxError(`LIKE needs a quoted string, got '${pattern.text}'`);
      return { kind: 'like', field, pattern: pattern.text };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.punct('(');
      const values = [this.literal()];
      while (this.acceptPunct(',')) values.push(this.literal());
      this.punct(')');
      return { kind: 'in', field, negated, values };
    }
    throw new SoqlSyntaxError(`unexpected token: '${token.text || 'end of query'}' after ${field}`);
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'datetime':
        return { kind: 'datetime', text: token.text };
      case 'date':
        return { kind: 'date', text: token.text };
      case 'ident': {
        const upper = token.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null' };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        if (DATE_LITERALS.has(upper)) return { kind: 'dateLiteral', name: upper, n: null };
        if (N_DATE_LITERALS.has(upper)) {
          this.punct(':');
          return { kind: 'dateLiteral', name: upper, n: this.integer(upper) };
        }
        throw new SoqlSyntaxError(`unexpected token: '${token.text}'`);
      }
      default:
        throw new SoqlSyntaxError(`unexpected token: '${token.text || 'end of query'}'`);
    }
  }

  private integer(context: string): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw new SoqlSyntaxError(`${context} needs a non-negative integer, got '${token.text}'`);
    return Number(token.text);
  }

  private identifier(what: string): string {
    const token = this.next();
    if (token.kind !== 'ident' || RESERVED.has(token.text.toUpperCase())) throw new SoqlSyntaxError(`expected ${what}, got '${token.text || 'end of query'}'`);
    return token.text;
  }

  private keyword(word: string): void {
    const token = this.next();
    if (!this.isKeyword(token, word)) throw new SoqlSyntaxError(`expected ${word}, got '${token.text || 'end of query'}'`);
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(this.peek(), word)) return false;
    this.at++;
    return true;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.text.toUpperCase() === word;
  }

  private punct(text: string): void {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) throw new SoqlSyntaxError(`expected '${text}', got '${token.text || 'end of query'}'`);
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) return false;
    this.at++;
    return true;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at++;
    return token;
  }
}
