import { PrismaService } from './prisma.service';

/**
 * Values read from the database, kept until the database changes (PrismaService.changeStamp),
 * by key. For reads that come far more often than writes: the year's active rule set and its
 * stored new projects (every evaluation), and the project, region-progress and rule-set lists.
 */
export class UntilChangedCache<V> {
  private stamp: string | null = null;
  private readonly values = new Map<string, Promise<V>>();

  constructor(
    private readonly prisma: PrismaService,
    /** Bounds memory if keys come from requests (e.g. a year). */
    private readonly maxKeys = 64,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    // The stamp is read before the value: a change in between only makes the next call reload.
    const stamp = this.prisma.changeStamp();
    // SQLite answers at once; PostgreSQL after a round trip to the server.
    return this.at(typeof stamp === 'string' || stamp === null ? stamp : await stamp, key, load);
  }

  private at(stamp: string | null, key: string, load: () => Promise<V>): Promise<V> {
    if (stamp === null) return load(); // a transaction is open: read through, keep nothing
    if (stamp !== this.stamp) {
      this.values.clear();
      this.stamp = stamp;
    }
    let value = this.values.get(key);
    if (!value) {
      if (this.values.size >= this.maxKeys) this.values.clear();
      value = load();
      this.values.set(key, value);
      // A failed read is not kept: the next call tries again.
      value.catch(() => this.values.get(key) === value && this.values.delete(key));
    }
    return value;
  }
}
