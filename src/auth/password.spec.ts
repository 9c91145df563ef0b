import { hashPassword, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('stores parameters and a per-user salt, verifies the right password only', async () => {
    const a = await hashPassword('正确的密码 correct horse');
    const b = await hashPassword('正确的密码 correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(await verifyPassword('正确的密码 correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });
});
