/** Which database the service runs on, from DATABASE_URL: a SQLite file, or a PostgreSQL server. */
export type DatabaseEngine = 'sqlite' | 'postgresql';

export interface DatabaseConfig {
  url: string;
  engine: DatabaseEngine;
}

/**
 * DATABASE_URL: `file:<path>` (SQLite, the one-machine default) or `postgresql://` / `postgres://`
 * with a host and a database name (the shared database of several machines). Anything else stops
 * the service at start-up; the message never repeats a password.
 */
export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (value.startsWith('file:')) {
    if (value.length === 'file:'.length) throw new Error('DATABASE_URL "file:" names no file (e.g. "file:/srv/compliance/app.db")');
    return { url: value, engine: 'sqlite' };
  }
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    const database = url ? decodeURIComponent(url.pathname.replace(/^\//, '')) : '';
    if (!url || !url.hostname || !database || database.includes('/')) {
      throw new Error(`DATABASE_URL must name a PostgreSQL server and database (e.g. "postgresql://compliance@10.0.0.7:5432/compliance"), got "${redactDatabaseUrl(value)}"`);
    }
    return { url: value, engine: 'postgresql' };
  }
  throw new Error(`DATABASE_URL must be a SQLite file (file:<path>) or a PostgreSQL URL (postgresql://user@host:5432/database), got "${redactDatabaseUrl(value)}"`);
}

/** The URL with any password replaced, for messages and logs. */
export function redactDatabaseUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}
