import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  it('refuses a name after 5 failures from one address, for the rest of the 15-minute window', () => {
    const limiter = new SignInLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter('1.2.3.4', 'wh', t0 + i)).toBe(0);
      limiter.fail('1.2.3.4', 'wh', t0 + i);
    }
    expect(limiter.retryAfter('1.2.3.4', 'wh', t0 + 10)).toBe(900);
    expect(limiter.retryAfter('5.6.7.8', 'wh', t0 + 10)).toBe(0); // another address is not punished
    expect(limiter.retryAfter('1.2.3.4', 'wh', t0 + 15 * 60_000)).toBe(0);
  });

  it('limits one address spraying many names', () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < 20; i++) limiter.fail('9.9.9.9', `u${i}`, 1000 + i);
    expect(limiter.retryAfter('9.9.9.9', 'fresh-name', 2000)).toBeGreaterThan(0);
  });
});

describe('SignInLimiter: a locked name does not lock its owner out', () => {
  const t0 = 5_000_000;

  it('locks a name for the guessing address only: the owner signs in from another', () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < 5; i++) limiter.fail('203.0.113.9', 'wh', t0 + i);
    expect(limiter.retryAfter('203.0.113.9', 'wh', t0 + 10)).toBe(900);
    expect(limiter.retryAfter('198.51.100.7', 'wh', t0 + 10)).toBe(0);
  });

  it('limits one name guessed from many addresses, except from addresses it signed in from', () => {
    const limiter = new SignInLimiter();
    limiter.succeed('198.51.100.7', 'wh', t0);
    for (let i = 0; i < 50; i++) limiter.fail(`203.0.113.${i}`, 'wh', t0 + 1 + i);
    expect(limiter.retryAfter('192.0.2.1', 'wh', t0 + 100)).toBeGreaterThan(0); // a stranger
    expect(limiter.retryAfter('198.51.100.7', 'wh', t0 + 100)).toBe(0); // the owner's own address
    expect(limiter.retryAfter('192.0.2.1', 'other', t0 + 100)).toBe(0); // other names are not touched
    expect(limiter.retryAfter('192.0.2.1', 'wh', t0 + 51 + 15 * 60_000)).toBe(0);
  });

  it('forgets an address the name has not signed in from for 30 days', () => {
    const limiter = new SignInLimiter();
    limiter.succeed('198.51.100.7', 'wh', t0);
    const later = t0 + 31 * 24 * 60 * 60_000;
    for (let i = 0; i < 50; i++) limiter.fail(`203.0.113.${i}`, 'wh', later + i);
    expect(limiter.retryAfter('198.51.100.7', 'wh', later + 100)).toBeGreaterThan(0);
  });
});
