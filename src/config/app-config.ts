import { isIP } from 'node:net';
import path from 'node:path';
import { DatabaseEngine, parseDatabaseUrl } from './database-config';
import { parseQueueConfig, QueueConfig } from './queue-config';

/** Settings read once from the environment at start-up; a bad value stops the service with a clear message. */
export interface AppConfig {
  port: number;
  host: string;
  /** `file:<path>` (SQLite) or `postgresql://…` (src/config/database-config.ts). */
  databaseUrl: string;
  databaseEngine: DatabaseEngine;
  chromiumPath: string;
  rootDir: string;
  /**
   * Express's `trust proxy`: false (the default: req.ip is the connecting address), a number of
   * proxy hops, or the proxies' addresses and subnets. Only then is X-Forwarded-For believed.
   */
  trustProxy: false | number | string[];
  /**
   * The address people reach the service at (no trailing slash): the QR code printed on every
   * scorecard points to `${publicBaseUrl}/verify/<evaluation id>`. Derived from HOST and PORT
   * when unset, which only this machine can reach (`publicBaseUrlSet` says which).
   */
  publicBaseUrl: string;
  publicBaseUrlSet: boolean;
  /** Batches: in this process, or jobs on BullMQ for worker processes (src/config/queue-config.ts). */
  queue: QueueConfig;
}

export const ROOT_DIR = path.resolve(__dirname, '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const database = parseDatabaseUrl(env.DATABASE_URL ?? `file:${path.join(ROOT_DIR, 'data', 'app.db')}`);
  const host = env.HOST ?? '127.0.0.1';
  const publicBaseUrlSet = (env.PUBLIC_BASE_URL ?? '').trim() !== '';
  return {
    port,
    host,
    databaseUrl: database.url,
    databaseEngine: database.engine,
    chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    rootDir: ROOT_DIR,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    publicBaseUrl: publicBaseUrlSet ? parsePublicBaseUrl(env.PUBLIC_BASE_URL!) : defaultBaseUrl(host, port),
    publicBaseUrlSet,
    queue: parseQueueConfig(env),
  };
}

/**
 * PUBLIC_BASE_URL: an absolute http(s) URL, optionally with a path (a proxy serving the service
 * under /compliance), without credentials, query or fragment: it is printed on paper and read
 * by phones, so anything else is a mistake to stop at start-up rather than on every report.
 */
export function parsePublicBaseUrl(value: string): string {
  const text = value.trim();
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  const problem =
    !url ? 'is not an absolute URL'
    : !['http:', 'https:'].includes(url.protocol) ? 'must start with http:// or https://'
    : url.username || url.password ? 'must not hold a user name or password'
    : url.search || url.hash || /[?#]/.test(text) ? 'must not have a query (?) or fragment (#)'
    : null;
  if (problem) throw new Error(`PUBLIC_BASE_URL ${problem} (e.g. "https://zjj.example.gov.cn" or "http://10.0.0.5:3000"); got "${value}"`);
  return `${url!.origin}${url!.pathname.replace(/\/+$/, '')}`;
}

/** Where this process listens, as a URL; a wildcard host becomes localhost. */
function defaultBaseUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : isIP(host) === 6 ? `[${host}]` : host;
  return `http://${name}${port === 80 ? '' : `:${port}`}`;
}

/** Names Express (proxy-addr) understands for whole address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset, "false" or "0" = off; "1", "2"… = that many proxies in front; or a comma list
 * of the proxies' addresses, subnets (10.0.0.0/8) and loopback/linklocal/uniquelocal. "true" (trust
 * any sender) is refused: whoever reaches the port directly could then forge X-Forwarded-For.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text) && Number(text) <= 10) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !PROXY_RANGES.includes(e) && !isAddressOrSubnet(e));
  if (bad !== undefined) {
    throw new Error(
      `TRUST_PROXY must be false, a number of proxy hops (1-10), or the proxies' addresses/subnets separated by commas (e.g. "loopback" or "10.0.0.5,192.168.1.0/24"); "${bad}" is none of these`,
    );
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
