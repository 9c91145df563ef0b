import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** Options of a write transaction: how long to wait to start it, how long it may last. */
export interface TransactionOptions {
  maxWait: number;
  timeout: number;
}

/** A unit of writing as the engine sees it (WriteScope). */
export interface UnitOfWriting {
  /**
   * The engine's handle on the unit's open transaction, null when none: PostgreSQL runs the
   * unit's other queries through it, so that they see what the unit wrote.
   */
  connection: unknown;
  /**
   * The change stamp the unit's reads have used so far, while it has not written: PostgreSQL
   * reads the counter once per unit, not once per cached read (a dry run made two round trips).
   */
  stamp?: Promise<string | null>;
}

/**
 * What differs between the two databases, behind one interface: PrismaService and WriteScope
 * ask the engine and know neither SQLite nor PostgreSQL (sqlite-engine.ts, postgres-engine.ts).
 */
export interface DatabaseEngine {
  readonly kind: 'sqlite' | 'postgresql';
  /** The Prisma driver adapter factory the client connects through. */
  readonly adapter: NonNullable<ConstructorParameters<typeof PrismaClient>[0]>['adapter'];
  /** Run once the client is connected. */
  connected(client: PrismaClient): Promise<void>;
  /**
   * Changes whenever the database may have (see PrismaService.changeStamp); null when a read now
   * must not be cached. Synchronous where the engine can answer without a round trip.
   */
  changeStamp(): string | null | Promise<string | null>;
  /**
   * Runs `body` as one write transaction, committed when it resolves, rolled back when it throws;
   * `unit` is the unit of writing it is for, if any.
   */
  transaction<T>(client: PrismaClient, body: (tx: Prisma.TransactionClient) => Promise<T>, options: TransactionOptions, unit?: UnitOfWriting): Promise<T>;
  /** Whether `err` means the database is busy: the request may be tried again (503, Retry-After). */
  isBusy(err: unknown): boolean;
  /** Runs `work` while no other process on this database runs work under the same `name`. */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Run after the client disconnected. */
  closed(): Promise<void>;
}
