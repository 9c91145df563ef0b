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

describe('PUBLIC_BASE_URL', () => {
  it('defaults to where the service listens (which only this machine may reach), and says it was not set', () => {
    expect(loadConfig({})).toMatchObject({ publicBaseUrl: 'http://127.0.0.1:3000', publicBaseUrlSet: false });
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ HOST: '::1', PORT: '80' }).publicBaseUrl).toBe('http://[::1]');
  });

  it('takes an http(s) URL with an optional path, without a trailing slash', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://zjj.example.gov.cn/' })).toMatchObject({ publicBaseUrl: 'https://zjj.example.gov.cn', publicBaseUrlSet: true });
    expect(loadConfig({ PUBLIC_BASE_URL: ' http://10.0.0.5:3000/compliance// ' }).publicBaseUrl).toBe('http://10.0.0.5:3000/compliance');
    expect(loadConfig({ PUBLIC_BASE_URL: 'HTTPS://ZJJ.Example.gov.cn:443' }).publicBaseUrl).toBe('https://zjj.example.gov.cn');
  });

  it.each(['zjj.example.gov.cn', 'ftp://zjj.example.gov.cn', 'javascript:alert(1)', 'https://user:pw@zjj.example.gov.cn', 'https://zjj.example.gov.cn/?x=1', 'https://zjj.example.gov.cn/#top', '/verify'])(
    'refuses "%s" at start-up, naming the variable',
    (value) => {
      expect(() => loadConfig({ PUBLIC_BASE_URL: value })).toThrow(/^PUBLIC_BASE_URL /);
    },
  );
});
