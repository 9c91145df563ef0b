import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { loadConfig } from '../config/app-config';
import { PrismaClient } from '../generated/prisma/client';

/** The only place that opens the database (Prisma over better-sqlite3). */
export function createPrismaClient(databaseUrl = loadConfig().databaseUrl): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor() {
    super({ adapter: new PrismaBetterSQLite3({ url: loadConfig().databaseUrl }) });
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
}
