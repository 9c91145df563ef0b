import path from 'node:path';

/** Settings read once from the environment at start-up; a bad value stops the service with a clear message. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  chromiumPath: string;
  rootDir: string;
}

export const ROOT_DIR = path.resolve(__dirname, '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(ROOT_DIR, 'data', 'app.db')}`;
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL (file:…), got "${databaseUrl}"`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    rootDir: ROOT_DIR,
  };
}
