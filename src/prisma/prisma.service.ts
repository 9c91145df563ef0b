import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { loadConfig } from '../config/app-config';
import { PrismaClient } from '../generated/prisma/client';

/** The only place that opens the database (Prisma over better-sqlite3). */
export function createPrismaClient(databaseUrl = loadConfig().databaseUrl): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

/**
 * Counts transactions on the connection. The adapter serialises transactions among themselves
 * but runs other queries on the same connection meanwhile, so those can read rows a transaction
 * has not committed yet: changeStamp() must know, so that such a read is never cached.
 */
class TransactionCountingAdapter extends PrismaBetterSQLite3 {
  open = 0;
  ended = 0;
  /** Reads the change counters straight from the driver (see PrismaService.changeStamp). */
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

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly transactions: TransactionCountingAdapter;

  constructor() {
    const adapter = new TransactionCountingAdapter({ url: loadConfig().databaseUrl });
    super({ adapter });
    this.transactions = adapter;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
    // WAL keeps readers unblocked during writes and makes a killed write roll back cleanly.
    await this.$queryRawUnsafe('PRAGMA journal_mode=WAL');
    await this.$queryRawUnsafe('PRAGMA busy_timeout=5000');
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }

  /**
   * Changes whenever the database may have: `total_changes()` counts the rows this connection
   * (the service's only one) has written, `data_version` moves when another connection commits
   * (the CLI, a restore), and every finished transaction counts (a rolled-back write changed
   * rows too). Read synchronously from the driver in microseconds: hot reads are cached against
   * it and checked on every request, so nothing is served stale even for a moment.
   * Null while a transaction is open (what is read then may still be rolled back) and before
   * the connection is open.
   */
  changeStamp(): string | null {
    const { counters, open, ended } = this.transactions;
    if (!counters || open > 0) return null;
    const row = counters.get() as { own: number; others: number };
    return `${row.others}:${row.own}:${ended}`;
  }
}
