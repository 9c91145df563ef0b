import { loadConfig, parseTrustProxy } from './app-config';

describe('TRUST_PROXY', () => {
  it('is off unless set: X-Forwarded-For is then ignored', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
  });

  it('takes a number of proxy hops, or the proxies by address, subnet or range name', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy(' 10.0.0.5, 192.168.1.0/24 ,::1,fd00::/8')).toEqual(['10.0.0.5', '192.168.1.0/24', '::1', 'fd00::/8']);
  });

  it.each(['true', 'yes', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '1000'])('refuses "%s" at start-up, naming the variable', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY must be false, a number of proxy hops/);
  });
});
