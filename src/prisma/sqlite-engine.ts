import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { DatabaseEngine, TransactionOptions } from './database-engine';

/**
 * Counts transactions on the connection. The adapter serialises transactions among themselves
 * but runs other queries on the same connection meanwhile, so those can read rows a transaction
 * has not committed yet: changeStamp() must know, so that such a read is never cached.
 */
class TransactionCountingAdapter extends PrismaBetterSQLite3 {
  open = 0;
  ended = 0;
  /** Reads the change counters straight from the driver (see SqliteEngine.changeStamp). */
  counters: { get(): unknown } | null = null;

  override async connect() {
    const adapter = await super.connect();
    // The adapter's better-sqlite3 handle: a prepared statement on it costs microseconds, where
    // the same query through Prisma's query pipeline costs a fifth of a millisecond.
    const db = (adapter as unknown as { client?: { prepare(sql: string): { get(): unknown } } }).client;
    this.counters = db?.prepare('SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others') ?? null;
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const tx = await start(...args);
      this.open++;
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        this.open--;
        this.ended++;
      };
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(end);
      tx.rollback = () => rollback().finally(end);
      return tx;
    };
    return adapter;
  }
}

/**
 * SQLite through better-sqlite3: one file, one connection, one writer at a time (the adapter
 * queues transactions in this process; busy_timeout waits for other processes such as the CLI).
 */
export class SqliteEngine implements DatabaseEngine {
  readonly kind = 'sqlite';
  readonly adapter: TransactionCountingAdapter;

  constructor(url: string) {
    this.adapter = new TransactionCountingAdapter({ url });
  }

  async connected(client: PrismaClient): Promise<void> {
    // WAL keeps readers unblocked during writes and makes a killed write roll back cleanly.
    await client.$queryRawUnsafe('PRAGMA journal_mode=WAL');
    await client.$queryRawUnsafe('PRAGMA busy_timeout=5000');
  }

  /**
   * `total_changes()` counts the rows this connection (the service's only one) has written,
   * `data_version` moves when another connection commits (the CLI, a restore), and every finished
   * transaction counts (a rolled-back write changed rows too). Read synchronously from the driver
   * in microseconds. Null while a transaction is open (what is read then may still be rolled
   * back) and before the connection is open.
   */
  changeStamp(): string | null {
    const { counters, open, ended } = this.adapter;
    if (!counters || open > 0) return null;
    const row = counters.get() as { own: number; others: number };
    return `${row.others}:${row.own}:${ended}`;
  }

  transaction<T>(client: PrismaClient, body: (tx: Prisma.TransactionClient) => Promise<T>, options: TransactionOptions): Promise<T> {
    return client.$transaction(body, options);
  }

  /** The writer was not free within maxWait (P2028: the transaction could not start). */
  isBusy(err: unknown): boolean {
    return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2028';
  }

  /** One machine, one file: the set-up that calls this runs once at a time. */
  exclusively<T>(_name: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  async closed(): Promise<void> {}
}
