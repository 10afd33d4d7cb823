import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-client';
import { describeFilterRejection } from './filter-rejection';

const refused = new ApiError({ code: 'validation_failed', message: 'Invalid filter: where.and.0: No field "plan"', status: 400 });

describe('describeFilterRejection', () => {
  it("gives the server's words for a 400 on a filtered list", () => {
    expect(describeFilterRejection(refused, true)).toBe('Invalid filter: where.and.0: No field "plan"');
  });

  it('leaves other failures, and a 400 without a filter, to the usual load error', () => {
    expect(describeFilterRejection(refused, false)).toBeNull();
    expect(describeFilterRejection(new ApiError({ code: 'internal_error', message: 'boom', status: 500 }), true)).toBeNull();
    expect(describeFilterRejection(new Error('network'), true)).toBeNull();
  });
});
