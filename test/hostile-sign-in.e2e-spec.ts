import request from 'supertest';
import { UsersService } from '../src/auth/users.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Lockout abuse: behind the https proxy every client arrives from the proxy's address. With
 * TRUST_PROXY naming the proxy, the limits key on the client's address from X-Forwarded-For, so a
 * stranger guessing at a name locks out only themselves; without it the header is not believed.
 */
const password = '武汉市局的密码-2022';
const A = '203.0.113.9';
const B = '198.51.100.7';

async function startWith(trustProxy: string | undefined): Promise<TestApp> {
  const before = process.env.TRUST_PROXY;
  if (trustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustProxy;
  try {
    const t = await startTestApp();
    await t.app.get(UsersService).create({ name: '武汉市局', role: 'region', region: '武汉', password });
    return t;
  } finally {
    if (before === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = before;
  }
}

function signIn(t: TestApp, from: string, name: string, pass: string) {
  return request(t.app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', from).send({ name, password: pass });
}

describe('sign-in limits behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startWith('loopback');
  });
  afterAll(async () => {
    await t.close();
  });

  it('five wrong passwords from address A lock the name for A only; the owner signs in from B', async () => {
    for (let i = 0; i < 5; i++) await signIn(t, A, '武汉市局', 'wrong password').expect(401);
    const locked = await signIn(t, A, '武汉市局', password).expect(429);
    expect(locked.body.message).toContain('登录失败次数过多');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const ok = await signIn(t, B, '武汉市局', password).expect(200);
    expect(ok.body.user).toMatchObject({ name: '武汉市局', role: 'region', region: '武汉' });
    // The audit log names the client's address, not the proxy's.
    const failed = await t.prisma.auditLog.findMany({ where: { action: 'auth.login.failed' } });
    expect(failed.map((r) => r.comment)).toEqual(Array(5).fill(`用户名“武汉市局”，来自 ${A}`));
    const signedIn = await t.prisma.auditLog.findFirst({ where: { action: 'auth.login', user: '武汉市局' } });
    expect(signedIn!.comment).toBe(`来自 ${B}`);
  });

  it('locks an address after 20 failures across names, while other addresses sign in', async () => {
    const C = '192.0.2.33';
    for (let i = 0; i < 20; i++) await signIn(t, C, `no-such-${i}`, 'x').expect(401);
    const locked = await signIn(t, C, '武汉市局', password).expect(429);
    expect(locked.body.message).toContain('登录失败次数过多');
    await signIn(t, '192.0.2.34', '武汉市局', password).expect(200);
  });
});

describe('sign-in limits without TRUST_PROXY (the default)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startWith(undefined);
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores a forged X-Forwarded-For: the lock holds whatever address the header claims', async () => {
    for (let i = 0; i < 5; i++) await signIn(t, A, '武汉市局', 'wrong password').expect(401);
    await signIn(t, B, '武汉市局', password).expect(429);
    const failed = await t.prisma.auditLog.findMany({ where: { action: 'auth.login.failed' } });
    expect(failed.every((r) => !r.comment!.includes(A))).toBe(true);
    expect(failed[0].comment).toMatch(/来自 (::ffff:)?127\.0\.0\.1$/);
  });
});
