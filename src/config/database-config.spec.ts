import { parseDatabaseUrl, redactDatabaseUrl } from './database-config';

describe('DATABASE_URL', () => {
  it('chooses SQLite for a file and PostgreSQL for a server', () => {
    expect(parseDatabaseUrl('file:/srv/app.db')).toEqual({ url: 'file:/srv/app.db', engine: 'sqlite' });
    expect(parseDatabaseUrl('postgresql://app@10.0.0.7:5432/compliance').engine).toBe('postgresql');
    expect(parseDatabaseUrl('postgres://app:secret@db/compliance?sslmode=require').engine).toBe('postgresql');
  });

  it('refuses what it cannot open, naming the variable and never the password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(/^DATABASE_URL must be a SQLite file .* got "mysql:\/\/root:\*\*\*@db\/x"$/);
    expect(() => parseDatabaseUrl('postgresql://app:hunter2@db')).toThrow(/must name a PostgreSQL server and database .* got "postgresql:\/\/app:\*\*\*@db"$/);
    expect(() => parseDatabaseUrl('file:')).toThrow(/names no file/);
    expect(() => parseDatabaseUrl('/srv/app.db')).toThrow(/DATABASE_URL must be/);
  });

  it('redacts only the password', () => {
    expect(redactDatabaseUrl('postgresql://app:p%40ss@db:5432/c')).toBe('postgresql://app:***@db:5432/c');
    expect(redactDatabaseUrl('postgresql://app@db/c')).toBe('postgresql://app@db/c');
  });
});
