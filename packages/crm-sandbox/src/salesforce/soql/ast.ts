/** The parsed shape of the SOQL subset the sandbox understands. */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; text: string }
  | { kind: 'date'; text: string }
  /** TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS:n, NEXT_N_DAYS:n. */
  | { kind: 'dateLiteral'; name: string; n: number | null };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; field: string; op: ComparisonOp; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: string; pattern: string }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition };

export type OrderItem = { field: string; descending: boolean; nullsLast: boolean };

export type SoqlQuery = {
  /** Field paths as written (case kept), or null for SELECT COUNT(). */
  fields: string[] | null;
  from: string;
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
};

/** A query Salesforce would refuse as MALFORMED_QUERY. */
export class SoqlSyntaxError extends Error {}
