import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { Role } from '../../src/auth/roles.decorator';
import { UsersService } from '../../src/auth/users.service';
import { PrismaService } from '../../src/prisma/prisma.service';
import { readJsonFile } from '../../src/rule-sets/rule-set-files';
import { RuleSetsService } from '../../src/rule-sets/rule-sets.service';
import { copyOfTemplate } from './postgres';

export const ROOT = path.resolve(__dirname, '..', '..');
export const HUBEI_2022 = path.join(ROOT, 'rules', 'hubei-2022.json');

export type Agent = ReturnType<typeof request.agent>;

export interface TestApp {
  app: INestApplication;
  /** Signed in as the test admin (bearer token), so feature tests need not think about access. */
  http: Agent;
  /** Nobody signed in. */
  anonymous: ReturnType<typeof request>;
  /** An agent for a new user of `role` (region users need `region`), with its token. */
  as(role: Role, region?: string): Promise<Agent>;
  /** Creates a user and returns a bearer token for it. */
  tokenFor(role: Role, region?: string, name?: string): Promise<string>;
  prisma: PrismaService;
  /** The SQLite file ('' on a database given by URL). */
  dbFile: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (same filters, limits and modules as main.ts) on a fresh copy of the
 * migrated template database, with the 2022 rule set published as version 1. With `databaseUrl`,
 * on that (migrated) database instead, e.g. PostgreSQL; several apps may share it, each with
 * users of its own.
 */
export async function startTestApp(options: { publishRules?: boolean; databaseUrl?: string } = {}): Promise<TestApp> {
  let dbFile = '';
  let copy: Awaited<ReturnType<typeof copyOfTemplate>> | null = null;
  if (options.databaseUrl) {
    process.env.DATABASE_URL = options.databaseUrl;
  } else if (process.env.TEST_POSTGRES_TEMPLATE) {
    // TEST_DATABASE=postgresql (see global-setup.ts): a copy of the migrated template database.
    copy = await copyOfTemplate(process.env.TEST_POSTGRES_TEMPLATE);
    process.env.DATABASE_URL = copy.url;
  } else {
    const template = process.env.TEST_TEMPLATE_DB ?? path.join(ROOT, 'test-output', 'db', 'template.db');
    dbFile = path.join(path.dirname(template), `${randomUUID()}.db`);
    fs.copyFileSync(template, dbFile);
    process.env.DATABASE_URL = `file:${dbFile}`;
  }
  const app = await createApp({ logger: false });
  await app.init();
  const prisma = app.get(PrismaService);
  if (options.publishRules !== false) {
    await app.get(RuleSetsService).publishDocument(readJsonFile(HUBEI_2022, '规则集'), 'test', '测试');
  }
  const users = app.get(UsersService);
  let made = 0;
  const own = options.databaseUrl ? `-${randomUUID().slice(0, 8)}` : '';
  const tokenFor = async (role: Role, region?: string, name?: string): Promise<string> => {
    const user = await users.create({ name: name ?? `test-${role}-${++made}${own}`, role, region: region ?? null });
    return (await users.issueToken(user.name)).token;
  };
  const agentWith = (token: string): Agent => request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
  const adminToken = await tokenFor('admin', undefined, `test-admin${own}`);
  return {
    app,
    http: agentWith(adminToken),
    anonymous: request(app.getHttpServer()),
    tokenFor,
    as: async (role, region) => agentWith(await tokenFor(role, region)),
    prisma,
    dbFile,
    async close() {
      await app.close();
      if (dbFile) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
      await copy?.drop();
    },
  };
}

/** A complete, compliant 2022 new project (Annex 2 filled); override what a test is about. */
export function newProject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    year: 2022,
    name: '测试激光产业集群质量提升',
    region: '武汉',
    county: '东湖高新区',
    category: 'new',
    leadingProduct: '激光器',
    industry: 'manufacturing',
    contact: { name: '张三', phone: '027-00000000' },
    cluster: {
      enterprises: 120, aboveScaleEnterprises: 45, employees: 28000, profitTax2021: 120000000,
      output2021: 8500000000, production2021: '激光器12万台', nationalPosition: '全国前三',
    },
    mainProblems: '质量一致性不足',
    serviceNeeds: '计量校准与检验检测',
    supportingPolicies: '市级配套政策',
    regionOpinion: '同意推荐',
    funding: { provincial: 250000, localMatching: 250000, sourceSecured: true },
    submitted: { recommendation: '2022-03-20' },
    ...overrides,
  };
}
