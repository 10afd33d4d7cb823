// What global-setup.ts hands to every test file through vitest's provide/inject.
declare module 'vitest' {
  // vitest merges this declaration into its own interface, so it has to be one.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    // A superuser connection to the test cluster (any database name; tests swap it).
    adminDatabaseUrl: string;
    // A database with every migration applied, copied by createTestDatabase().
    templateDatabase: string;
  }
}

export {};
