import { VerificationLimiter } from './verification-limiter';

describe('VerificationLimiter', () => {
  it('lets 30 requests a minute through per address, then says how long to wait', () => {
    const limiter = new VerificationLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) expect(limiter.take('10.0.0.1', t0 + i * 1000)).toBe(0);
    expect(limiter.take('10.0.0.1', t0 + 30_000)).toBe(30);
    // Another address is not held up by the first.
    expect(limiter.take('10.0.0.2', t0 + 30_000)).toBe(0);
    // Refused requests do not count: the first one leaves the window a minute after it came.
    expect(limiter.take('10.0.0.1', t0 + 59_500)).toBe(1);
    expect(limiter.take('10.0.0.1', t0 + 60_000)).toBe(0);
    expect(limiter.take('10.0.0.1', t0 + 60_001)).toBe(1);
  });

  it('forgets addresses whose window has passed', () => {
    const limiter = new VerificationLimiter({ perAddress: 1, windowMs: 1000 });
    for (let i = 0; i < 10_001; i++) limiter.take(`a${i}`, 0);
    limiter.take('late', 5000);
    expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBe(1);
  });
});
