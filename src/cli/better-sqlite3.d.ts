// The few better-sqlite3 calls the backup command makes (the package ships no types, and
// @types/better-sqlite3 is not worth a dependency for four methods).
declare module 'better-sqlite3' {
  interface Statement {
    get(...params: unknown[]): unknown;
  }
  class Database {
    constructor(file: string, options?: { readonly?: boolean; fileMustExist?: boolean });
    pragma(source: string, options?: { simple?: boolean }): unknown;
    prepare(sql: string): Statement;
    backup(destination: string): Promise<{ totalPages: number; remainingPages: number }>;
    close(): void;
  }
  export = Database;
}
