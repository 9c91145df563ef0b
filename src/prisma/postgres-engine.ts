import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-postgresql/client';
import { DatabaseEngine, TransactionOptions, UnitOfWriting } from './database-engine';
import { driverErrorOf } from './database-unavailable';
import { createPostgresPool } from './postgres-pool';

type Queryable = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Queryable['startTransaction']>>;

/**
 * Runs the queries a unit of writing makes outside its transaction (`this.prisma.project…`
 * after `write()`, e.g. to answer with the stored row) on its transaction's connection, so they
 * see what the unit wrote, as they do on SQLite's one connection; and notes which transaction
 * belongs to which unit.
 */
class UnitRoutingAdapter extends PrismaPg {
  constructor(
    pool: pg.Pool,
    private readonly currentUnit: () => UnitOfWriting | undefined,
    /** The unit whose transaction is being started (set around $transaction). */
    readonly starting: AsyncLocalStorage<UnitOfWriting>,
  ) {
    super(pool);
  }

  override async connect(): Promise<Queryable> {
    const adapter = await super.connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const start = adapter.startTransaction.bind(adapter);
    const routed = () => this.currentUnit()?.connection as Transaction | null | undefined;
    adapter.queryRaw = (query) => (routed() ?? { queryRaw }).queryRaw(query);
    adapter.executeRaw = (query) => (routed() ?? { executeRaw }).executeRaw(query);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      const unit = this.starting.getStore();
      if (unit) {
        unit.connection = tx;
        unit.stamp = undefined;
        // Before the connection goes back to the pool: nothing may be routed to it afterwards.
        const commit = tx.commit.bind(tx);
        const rollback = tx.rollback.bind(tx);
        tx.commit = () => ((unit.connection = null), commit());
        tx.rollback = () => ((unit.connection = null), rollback());
      }
      return tx;
    };
    return adapter;
  }
}

/** Raised when this process's writers queue longer than maxWait: busy, as on SQLite. */
class WriterQueueTimeout extends Error {}

/**
 * Incremented first thing in every write transaction (the row is created by the first write).
 * Its row lock is held to the commit, so writers take turns as on SQLite; its value is the
 * change stamp of every process's read caches.
 */
const BUMP_COUNTER = 'INSERT INTO "ChangeCounter" ("id", "value") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "value" = "ChangeCounter"."value" + 1';
const READ_COUNTER = 'SELECT "value" FROM "ChangeCounter" WHERE "id" = 1';

/**
 * Errors that mean "try again": a lock not granted within lock_timeout (55P03), a serialisation
 * failure (40001) or deadlock (40P01, Prisma's P2034), a transaction that could not start within
 * maxWait (P2028: no pool connection free).
 */
const BUSY_SQLSTATES = ['55P03', '40001', '40P01'];

/**
 * PostgreSQL through @prisma/adapter-pg: a shared server, several API and worker processes, each
 * with a pool of connections.
 *
 * Writes keep SQLite's semantics, one writer at a time: the services were written for it (a
 * write transaction reads, checks and writes, e.g. a revision or "no draft yet", and relies on
 * nobody writing in between), and a change counter needs one row that every writer updates
 * anyway. So every write transaction first increments ChangeCounter, whose row lock then holds
 * off every other writer on every machine until it commits (READ COMMITTED: what it reads after
 * that is the latest committed state). In this process writers also queue before taking a pool
 * connection, so waiting writers never starve the readers of connections. A writer waits at most
 * maxWait in all, then the request is answered 503 with Retry-After. Writes here are short (a
 * request's rows and its audit row); reads, the bulk of the load, run in parallel.
 *
 * The read caches (UntilChangedCache) compare the counter before they answer: one indexed row,
 * one round trip to the server (once per unit of writing, see changeStamp), and a write committed
 * by any process is seen by the next request of every other. LISTEN/NOTIFY would save that round
 * trip but arrives after the commit, so a read just after another machine's write could be served
 * stale from the cache.
 */
export class PostgresEngine implements DatabaseEngine {
  readonly kind = 'postgresql';
  readonly pool: pg.Pool;
  readonly adapter: UnitRoutingAdapter;
  /** The generated client for PostgreSQL, typed as the SQLite one: the same models, one type. */
  readonly clientClass = PostgresPrismaClient as unknown as typeof PrismaClient;
  private writing = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    url: string,
    private readonly currentUnit: () => UnitOfWriting | undefined = () => undefined,
  ) {
    this.pool = createPostgresPool(url);
    this.adapter = new UnitRoutingAdapter(this.pool, currentUnit, new AsyncLocalStorage());
  }

  async connected(): Promise<void> {}

  /**
   * Null inside a unit that has written (its reads go to its transaction and must not be kept),
   * and when the server cannot be asked: the caller then reads through (and hears why).
   */
  changeStamp(): Promise<string | null> {
    const unit = this.currentUnit();
    if (unit?.connection) return Promise.resolve(null);
    // One read per unit of writing (a request): its reads see the database as of its first one,
    // until it writes (startTransaction forgets the stamp: after its commit it reads again).
    if (unit) return (unit.stamp ??= this.readStamp());
    return this.readStamp();
  }

  private async readStamp(): Promise<string | null> {
    try {
      const { rows } = await this.pool.query<{ value: string }>(READ_COUNTER);
      return rows[0]?.value ?? '0';
    } catch {
      return null;
    }
  }

  async transaction<T>(client: PrismaClient, body: (tx: Prisma.TransactionClient) => Promise<T>, options: TransactionOptions, unit?: UnitOfWriting): Promise<T> {
    const deadline = Date.now() + options.maxWait;
    const left = () => Math.max(1, deadline - Date.now());
    await this.writerTurn(left());
    try {
      return await this.adapter.starting.run(unit ?? { connection: null }, () => client.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${left()}`);
          await tx.$executeRawUnsafe(BUMP_COUNTER);
          return body(tx);
        },
        { maxWait: left(), timeout: options.timeout },
      ));
    } finally {
      this.nextWriter();
    }
  }

  isBusy(err: unknown): boolean {
    if (err instanceof WriterQueueTimeout) return true;
    if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
    if (err.code === 'P2028' || err.code === 'P2034') return true;
    const cause = driverErrorOf(err);
    return BUSY_SQLSTATES.includes(cause?.originalCode ?? cause?.code ?? '');
  }

  /** A session-level advisory lock on a connection of its own, released when `work` ends. */
  async exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`notice-compliance:${name}`]);
      try {
        return await work();
      } finally {
        await connection.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`notice-compliance:${name}`]);
      }
    } finally {
      connection.release();
    }
  }

  async closed(): Promise<void> {
    await this.pool.end();
  }

  private writerTurn(ms: number): Promise<void> {
    if (!this.writing) {
      this.writing = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(new WriterQueueTimeout('writer queue wait exceeded maxWait'));
      }, ms);
      this.waiting.push(grant);
    });
  }

  private nextWriter(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.writing = false;
  }
}
