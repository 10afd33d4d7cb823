// Every suppressions query lives under one root, so an add, import or removal refreshes the list with one invalidation.
export const suppressionsQueryKeys = {
  all: ['suppressions'] as const,
  list: () => [...suppressionsQueryKeys.all, 'list'] as const,
};
