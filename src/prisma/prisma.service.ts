import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { loadConfig } from '../config/app-config';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { WriteScope } from './write-scope';

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

/**
 * Writes go through write(): inside a unit of writing (writing(), opened for every unsafe HTTP
 * request) they all join its one transaction, with its audit row; elsewhere (the CLI, the seed)
 * each write() is a transaction of its own, which nested write() calls join. On SQLite's single
 * connection a write outside any transaction would run inside whichever transaction another
 * request has open, and vanish with its rollback; nothing may call $transaction itself either,
 * since it would wait for the writer its own unit holds.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private readonly transactions: TransactionCountingAdapter;
  private readonly scopes = new AsyncLocalStorage<WriteScope>();

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
   * Runs `work` as one unit of writing: committed when it succeeds, rolled back (everything it
   * wrote) when it throws. `work` gets the scope to see whether it wrote and was audited.
   */
  async writing<T>(work: (scope: WriteScope) => Promise<T>): Promise<T> {
    const scope = new WriteScope(this);
    let result: T;
    try {
      result = await this.scopes.run(scope, () => work(scope));
    } catch (err) {
      await scope.end(false);
      throw err;
    }
    await scope.end(true);
    return result;
  }

  /** Writes in the current unit's transaction, or in one of its own outside any unit. */
  async write<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const scope = this.scopes.getStore();
    if (scope) return fn(await scope.transaction());
    return this.writing(async (own) => fn(await own.transaction()));
  }

  /**
   * Writes in a transaction of its own that commits whatever becomes of the current request (a
   * refused sign-in is still recorded). Only before the request has written: its transaction
   * holds the one writer this would wait for.
   */
  async writeApart<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    if (this.scopes.getStore()?.wrote) throw new Error('writeApart() after the request has written');
    return this.scopes.exit(() => this.write(fn));
  }

  /** The current unit of writing, if any. */
  writeScope(): WriteScope | undefined {
    return this.scopes.getStore();
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
