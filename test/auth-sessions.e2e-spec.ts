import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { UsersService } from '../src/auth/users.service';
import { newProject, ROOT, startTestApp, TestApp } from './support/test-app';

/** Cookie sign-in, CSRF, rate limit, tokens (hashed, revocable, expiring) and user management. */
describe('sign-in, sessions, CSRF and API tokens', () => {
  let t: TestApp;
  const password = '评估员的密码-2022';

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(UsersService).create({ name: 'zhang', role: 'evaluator', password });
  });
  afterAll(async () => {
    await t.close();
  });

  const cookieOf = (res: request.Response, name: string) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(name + '='));

  it('signs in with JSON: HttpOnly SameSite=Strict session cookie, CSRF token in the answer', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const res = await agent.post('/api/auth/login').send({ name: 'zhang', password }).expect(200);
    expect(res.body.user).toMatchObject({ name: 'zhang', role: 'evaluator', region: null });
    expect(res.body.user.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(cookieOf(res, 'nc_session')).toMatch(/HttpOnly/);
    expect(cookieOf(res, 'nc_session')).toMatch(/SameSite=Strict/);
    expect(cookieOf(res, 'nc_csrf')).not.toMatch(/HttpOnly/);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ name: 'zhang', role: 'evaluator', via: 'session', csrfToken: res.body.user.csrfToken });
    // The session id is stored hashed: the cookie value is nowhere in the database.
    const cookie = cookieOf(res, 'nc_session')!.split(';')[0].split('=')[1];
    expect(await t.prisma.session.count({ where: { id: cookie } })).toBe(0);
    expect(await t.prisma.session.count()).toBeGreaterThan(0);
  });

  it('refuses a cookie-authenticated write without the CSRF token, accepts it with', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.post('/api/auth/login').send({ name: 'zhang', password }).expect(200);
    const before = await t.prisma.project.count();
    const refused = await agent.post('/api/projects').send(newProject({ name: 'CSRF测试项目' })).expect(403);
    expect(refused.body.message).toContain('CSRF');
    await agent.post('/api/projects').set('X-CSRF-Token', 'forged-token-value').send(newProject({ name: 'CSRF测试项目' })).expect(403);
    expect(await t.prisma.project.count()).toBe(before);
    const ok = await agent.post('/api/projects').set('X-CSRF-Token', login.body.user.csrfToken).send(newProject({ name: 'CSRF测试项目' })).expect(201);
    const row = await t.prisma.project.findUnique({ where: { id: ok.body.id } });
    expect(row!.updatedBy).toBe('zhang');
  });

  it('signs out: the session is gone on the server, not just the cookie', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.post('/api/auth/login').send({ name: 'zhang', password }).expect(200);
    await agent.post('/api/auth/logout').expect(403); // logout is a write: CSRF applies
    await agent.post('/api/auth/logout').set('X-CSRF-Token', login.body.user.csrfToken).expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('serves a Chinese sign-in form without scripts; the form needs its login-CSRF token', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login?next=/projects').expect(200);
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain('用户名');
    expect(page.text).not.toMatch(/<script|https?:\/\//);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const forged = await request(t.app.getHttpServer()).post('/api/auth/login').type('form').send({ name: 'zhang', password, _csrf: csrf }).expect(403);
    expect(forged.text).toContain('页面已过期');
    const ok = await agent.post('/api/auth/login').type('form').send({ name: 'zhang', password, _csrf: csrf, next: '/projects' }).expect(303);
    expect(ok.headers.location).toBe('/projects');
    await agent.get('/api/auth/me').expect(200);
    // An off-site "next" is ignored.
    const page2 = await agent.get('/login').expect(200);
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(page2.text)?.[1] ?? csrf;
    const away = await agent.post('/api/auth/login').type('form').send({ name: 'zhang', password, _csrf: csrf2, next: '//evil.example/x' }).expect(303);
    expect(away.headers.location).toBe('/');
  });

  it('escapes what it echoes into the sign-in page', async () => {
    const page = await request(t.app.getHttpServer()).get('/login?next=/x"><script>alert(1)</script>').expect(200);
    expect(page.text).not.toContain('<script>');
  });

  it('says only "用户名或密码错误" and rate-limits failures with 429 and Retry-After', async () => {
    const http = request(t.app.getHttpServer());
    const unknown = await http.post('/api/auth/login').send({ name: 'nobody', password: 'x' }).expect(401);
    const wrong = await http.post('/api/auth/login').send({ name: 'zhang', password: 'wrong password' }).expect(401);
    expect(unknown.body.message).toBe('用户名或密码错误');
    expect(wrong.body.message).toBe('用户名或密码错误');
    for (let i = 0; i < 4; i++) await http.post('/api/auth/login').send({ name: 'zhang', password: 'wrong password' });
    const limited = await http.post('/api/auth/login').send({ name: 'zhang', password }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toContain('登录失败次数过多');
    const audit = await t.prisma.auditLog.findMany({ where: { action: 'auth.login.failed' } });
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses unknown fields and prototype keys in the sign-in body', async () => {
    const http = request(t.app.getHttpServer());
    const res = await http.post('/api/auth/login').send({ name: 'x', password: 'y', admin: true }).expect(400);
    expect(res.body.details).toEqual([{ pointer: '/admin', message: '不允许的字段（未知字段）' }]);
    await http.post('/api/auth/login').set('content-type', 'application/json').send('{"name":"x","password":"y","__proto__":{"role":"admin"}}').expect(400);
  });

  it('stores API tokens hashed; a revoked, expired or disabled one is refused at once', async () => {
    const created = await t.http.post('/api/users').send({ name: 'script-1', role: 'viewer', token: true }).expect(201);
    const token = created.body.token.token as string;
    expect(token).toMatch(/^nct_/);
    expect(JSON.stringify(await t.prisma.apiToken.findMany())).not.toContain(token);
    const script = request(t.app.getHttpServer());
    await script.get('/api/projects').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.delete(`/api/users/script-1/tokens/${created.body.token.id}`).expect(204);
    await script.get('/api/projects').set('Authorization', `Bearer ${token}`).expect(401);

    const soon = await t.http.post('/api/users/script-1/tokens').send({ expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
    await script.get('/api/projects').set('Authorization', `Bearer ${soon.body.token}`).expect(200);
    await new Promise((r) => setTimeout(r, 1600));
    await script.get('/api/projects').set('Authorization', `Bearer ${soon.body.token}`).expect(401);

    const fresh = await t.http.post('/api/users/script-1/tokens').send({ label: '导出脚本', expiresInDays: 30 }).expect(201);
    await script.get('/api/projects').set('Authorization', `Bearer ${fresh.body.token}`).expect(200);
    await t.http.patch('/api/users/script-1').send({ disabled: true }).expect(200);
    await script.get('/api/projects').set('Authorization', `Bearer ${fresh.body.token}`).expect(401);
    await script.get('/api/projects').set('Authorization', 'Bearer not-a-real-token-at-all-000').expect(401);
    await script.get('/api/projects').set('Authorization', 'Basic eDp5').expect(401);
  });

  it('lets a user change its own password with the current one; every session ends', async () => {
    await t.app.get(UsersService).create({ name: 'wang', role: 'viewer', password: '旧密码-abcdefg' });
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.post('/api/auth/login').send({ name: 'wang', password: '旧密码-abcdefg' }).expect(200);
    const csrf = login.body.user.csrfToken as string;
    await agent.post('/api/auth/password').set('X-CSRF-Token', csrf).send({ currentPassword: 'wrong-password', newPassword: '新密码-hijklmn' }).expect(401);
    await agent.post('/api/auth/password').set('X-CSRF-Token', csrf).send({ currentPassword: '旧密码-abcdefg', newPassword: 'short' }).expect(400);
    await agent.post('/api/auth/password').set('X-CSRF-Token', csrf).send({ currentPassword: '旧密码-abcdefg', newPassword: '新密码-hijklmn' }).expect(204);
    await agent.get('/api/auth/me').expect(401);
    await request(t.app.getHttpServer()).post('/api/auth/login').send({ name: 'wang', password: '旧密码-abcdefg' }).expect(401);
    await request(t.app.getHttpServer()).post('/api/auth/login').send({ name: 'wang', password: '新密码-hijklmn' }).expect(200);
  });

  it('honours a revocation made with the CLI (another process) within a second', async () => {
    const created = await t.http.post('/api/users').send({ name: 'script-2', role: 'viewer', token: true }).expect(201);
    const auth = `Bearer ${created.body.token.token}`;
    await request(t.app.getHttpServer()).get('/api/projects').set('Authorization', auth).expect(200);
    execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), 'users', 'revoke-token', '--id', String(created.body.token.id)], {
      env: { ...process.env, DATABASE_URL: `file:${t.dbFile}` }, stdio: 'pipe',
    });
    await new Promise((r) => setTimeout(r, 1100));
    await request(t.app.getHttpServer()).get('/api/projects').set('Authorization', auth).expect(401);
  });

  it('lets admins manage users; never shows a password hash; hashes passwords with scrypt', async () => {
    const res = await t.http.post('/api/users').send({ name: 'li', role: 'region', region: '恩施土家族苗族自治州', password: '市州用户的密码123' }).expect(201);
    expect(res.body.user).toMatchObject({ name: 'li', role: 'region', region: '恩施', hasPassword: true });
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|passwordHash/);
    expect((await t.prisma.user.findUnique({ where: { name: 'li' } }))!.passwordHash).toMatch(/^scrypt\$/);
    await t.http.post('/api/users').send({ name: 'li2', role: 'region' }).expect(400);
    await t.http.post('/api/users').send({ name: 'li3', role: 'viewer', password: 'short' }).expect(400);
    await t.http.post('/api/users').send({ name: 'li', role: 'viewer' }).expect(409);
    await t.http.post('/api/users').send({ name: 'li4', role: 'superuser' }).expect(400);
    const list = await t.http.get('/api/users').expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|tokenHash/);
    const viewer = await t.as('viewer');
    await viewer.post('/api/users').send({ name: 'x', role: 'admin' }).expect(403);
    const audit = await t.prisma.auditLog.findFirst({ where: { action: 'user.create', comment: 'li' } });
    expect(audit!.user).toBe('test-admin');
  });
});
