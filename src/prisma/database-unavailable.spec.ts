import { Prisma } from '../generated/prisma/client';
import { isDatabaseUnavailable } from './database-unavailable';

const known = (code: string, cause?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '6.19.3', meta: cause ? { driverAdapterError: { cause } } : undefined });

describe('isDatabaseUnavailable', () => {
  it('recognises a server that cannot be reached or is going away', () => {
    expect(isDatabaseUnavailable(known('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe(true);
    expect(isDatabaseUnavailable(known('P2010', { kind: 'DatabaseNotReachable' }))).toBe(true);
    expect(isDatabaseUnavailable(known('P2010', { kind: 'ConnectionClosed' }))).toBe(true);
    expect(isDatabaseUnavailable(known('P2010', { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' }))).toBe(true);
    expect(isDatabaseUnavailable(known('P2010', { kind: 'postgres', code: '57P03', message: 'the database system is starting up' }))).toBe(true);
  });

  it('leaves every other error to be what it is', () => {
    expect(isDatabaseUnavailable(known('P2002', { kind: 'UniqueConstraintViolation' }))).toBe(false);
    expect(isDatabaseUnavailable(known('P2010', { kind: 'postgres', code: '42P01', message: 'relation "x" does not exist' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Can\'t reach database server'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
