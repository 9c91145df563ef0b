import { PrismaService } from './prisma.service';
import { UntilChangedCache } from './until-changed.cache';

describe('UntilChangedCache', () => {
  let stamp: string | null;
  let loads: number;
  let cache: UntilChangedCache<number>;
  const load = () => Promise.resolve(++loads);

  beforeEach(() => {
    stamp = 'a';
    loads = 0;
    cache = new UntilChangedCache({ changeStamp: () => stamp } as unknown as PrismaService, 2);
  });

  it('reads once while the database is unchanged, and again after any change', async () => {
    expect(await cache.get('2022', load)).toBe(1);
    expect(await cache.get('2022', load)).toBe(1);
    stamp = 'b';
    expect(await cache.get('2022', load)).toBe(2);
    expect(await cache.get('2022', load)).toBe(2);
  });

  it('keeps nothing while a transaction is open (no stamp)', async () => {
    stamp = null;
    expect(await cache.get('2022', load)).toBe(1);
    expect(await cache.get('2022', load)).toBe(2);
  });

  it('does not keep a failed read', async () => {
    await expect(cache.get('2022', () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    expect(await cache.get('2022', load)).toBe(1);
  });

  it('waits for a stamp read from the server (PostgreSQL) and keeps what it read under it', async () => {
    const server = new UntilChangedCache({ changeStamp: () => Promise.resolve(stamp) } as unknown as PrismaService);
    expect(await server.get('2022', load)).toBe(1);
    expect(await server.get('2022', load)).toBe(1);
    stamp = 'b';
    expect(await server.get('2022', load)).toBe(2);
    stamp = null; // the server could not be asked: read through
    expect(await server.get('2022', load)).toBe(3);
    expect(await server.get('2022', load)).toBe(4);
  });

  it('holds at most maxKeys keys', async () => {
    await cache.get('2021', load);
    await cache.get('2022', load);
    await cache.get('2023', load); // clears the two before
    expect(await cache.get('2021', load)).toBe(4);
  });
});
