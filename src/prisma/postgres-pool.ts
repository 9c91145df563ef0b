import pg from 'pg';

const TEXT = 25;
/** `name` and `"char"`: the catalogue's column types, which the Prisma adapter cannot read. */
const CATALOGUE_TYPES = new Set([19, 18]);

type Fields = { fields?: { dataTypeID: number }[] };

function asText(result: unknown): unknown {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as Fields | null)?.fields ?? []) {
      if (CATALOGUE_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
    }
  }
  return result;
}

/**
 * A pg client that reports catalogue columns of type `name` (OID 19) and `"char"` (OID 18) as
 * text. @prisma/adapter-pg 6.19 throws "Column type 'name' could not be deserialized" on them
 * (prisma/orm#27403), and the schema engine's own catalogue queries return them: without this,
 * `prisma migrate deploy` fails. Their values already arrive as text, so only the type id changes.
 */
export class CatalogueAsTextClient extends pg.Client {
  // pg's query() has a promise form and a callback form (the pool's own query() uses the latter).
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, result: unknown) => void;
      args[last] = (err: unknown, result: unknown) => callback(err, err ? result : asText(result));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(asText) : result) as never;
  }
}

/**
 * The connection pool every PostgreSQL user of Prisma in this project goes through: the service
 * at run time and the Prisma CLI (prisma/postgresql/prisma.config.ts). A connection attempt gives
 * up after 5 s, so a request or the health check answers instead of hanging while the server is
 * away; an idle connection the server dropped is discarded (not a crash).
 */
export function createPostgresPool(connectionString: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, Client: CatalogueAsTextClient, connectionTimeoutMillis: 5_000, ...options });
  pool.on('error', () => undefined);
  return pool;
}
