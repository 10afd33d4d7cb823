import type { SortField, SortOrder } from './record-walk';
import type { ZohoLimits } from './types';
import { ZohoApiError, ZohoErrors, zohoError } from './zoho-errors';
import { parseIfModifiedSince } from './zoho-time';

export type ListQuery = {
  fields: string[];
  perPage: number;
  page?: number;
  pageToken?: string;
  sortBy: SortField;
  sortOrder: SortOrder;
  sinceSec?: number;
};

type RawQuery = Record<string, unknown>;

const SORT_FIELDS: SortField[] = ['id', 'Created_Time', 'Modified_Time'];

/** Validates Get Records parameters the way Zoho does, throwing Zoho's error for the first problem. */
export function parseListQuery(query: RawQuery, ifModifiedSince: string | undefined, readable: Set<string>, limits: ZohoLimits): ListQuery {
  const fields = parseFields(single(query.fields), readable, limits);
  const perPage = parsePositiveInt(query.per_page, 'per_page') ?? limits.maxPerPage;
  if (perPage > limits.maxPerPage) throw ZohoErrors.invalidParam('per_page', { maximum_value: limits.maxPerPage });
  const page = parsePositiveInt(query.page, 'page');
  const pageToken = single(query.page_token);
  if (page !== undefined && pageToken !== undefined) {
    throw new ZohoApiError(
      400,
      zohoError('AMBIGUITY_DURING_PROCESSING', 'You cannot use both page and page_token', {
        ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }],
      }),
    );
  }
  if (page !== undefined && page * perPage > limits.discretePagingLimit) {
    throw new ZohoApiError(
      400,
      zohoError('DISCRETE_PAGINATION_LIMIT_EXCEEDED', `You can only get the first ${limits.discretePagingLimit} records without using page_token param.`, {
        limit: limits.discretePagingLimit,
      }),
    );
  }
  const sortBy = (single(query.sort_by) ?? 'id') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) throw ZohoErrors.invalidParam('sort_by', { supported_values: SORT_FIELDS });
  // Zoho's default sort order is descending.
  const sortOrder = (single(query.sort_order) ?? 'desc') as SortOrder;
  if (sortOrder !== 'asc' && sortOrder !== 'desc') throw ZohoErrors.invalidParam('sort_order', { supported_values: ['asc', 'desc'] });
  const sinceSec = parseSince(ifModifiedSince);
  return { fields, perPage, page, pageToken, sortBy, sortOrder, sinceSec };
}

export function parseFields(value: string | undefined, readable: Set<string>, limits: ZohoLimits): string[] {
  if (value === undefined || value.trim() === '') throw ZohoErrors.requiredParam('fields');
  const names = [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name.length > 0))];
  if (names.length === 0) throw ZohoErrors.requiredParam('fields');
  if (names.length > limits.maxFieldsPerRequest) {
    throw ZohoErrors.limitExceeded({ limit: limits.maxFieldsPerRequest, param_name: 'fields' }, 'Max field limit exceeded');
  }
  const unknown = names.find((name) => !readable.has(name));
  if (unknown !== undefined) throw ZohoErrors.invalidParam('fields', { api_name: unknown });
  return names;
}

export function parseSince(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const sec = parseIfModifiedSince(header);
  if (sec === null) throw ZohoErrors.invalidParam('If-Modified-Since', { expected_data_type: 'datetime' });
  return sec;
}

export function parsePositiveInt(value: unknown, name: string): number | undefined {
  const raw = single(value);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw ZohoErrors.invalidParam(name);
  return Number(raw);
}

export function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}
