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
