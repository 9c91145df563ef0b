import { Prisma } from '../generated/prisma/client';

type DriverError = { kind?: string; code?: string; originalCode?: string; message?: string };

/** The driver adapter's own account of a failed query, when Prisma passed it on. */
export function driverErrorOf(err: unknown): DriverError | undefined {
  return (err as { meta?: { driverAdapterError?: { cause?: DriverError } } } | null)?.meta?.driverAdapterError?.cause;
}

/** What the driver adapter reports when the server cannot be used for now (adapter-pg's kinds). */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/**
 * PostgreSQL SQLSTATEs of a server going away or not ready: admin shutdown, crash shutdown, cannot
 * connect now (starting up or shutting down), and the connection failures of class 08.
 */
const UNAVAILABLE_STATES = /^(57P01|57P02|57P03|08\w{3})$/;

/**
 * Whether `err` says the database server cannot be reached or used for the moment (PostgreSQL
 * restarting, the network away, its connections all taken): the request is answered 503 with
 * Retry-After, and the pool reconnects by itself once it is back.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError || err instanceof Prisma.PrismaClientUnknownRequestError)) return false;
  if (err instanceof Prisma.PrismaClientKnownRequestError && (err.code === 'P1001' || err.code === 'P1017')) return true;
  const cause = driverErrorOf(err);
  if (!cause) return /timeout exceeded when trying to connect|Connection terminated/i.test(err.message);
  if (cause.kind && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  const state = cause.originalCode ?? cause.code ?? '';
  return UNAVAILABLE_STATES.test(state) || /timeout exceeded when trying to connect|Connection terminated/i.test(cause.message ?? '');
}
