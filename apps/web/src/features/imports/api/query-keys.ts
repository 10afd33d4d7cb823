// Every import query lives under one root.
export const importsQueryKeys = {
  all: ['imports'] as const,
  one: (id: string) => [...importsQueryKeys.all, id] as const,
};
