import { qrInSvg } from './testing/qr-decode';
import { qrSvg } from './qr-code';

describe('qrSvg', () => {
  const url = 'https://zjj.example.gov.cn/verify/6f1c2b9e-4a51-4d3e-9a55-0b8d7f2c1e33?c=BF21-9069-96CE-09DB';

  it('renders the text as an inline SVG that another decoder reads back exactly', () => {
    const svg = qrSvg(url);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 49 49" shape-rendering="crispEdges">/);
    expect(qrInSvg(svg)).toBe(url);
    const other = 'http://127.0.0.1:3000/verify/x?c=0000-0000-0000-0001';
    expect(qrInSvg(qrSvg(other))).toBe(other);
  });

  it('holds paths only: no script, no text, nothing of the encoded address in clear', () => {
    const svg = qrSvg(url);
    expect(svg).not.toMatch(/<script|<text|on\w+=|href|zjj|BF21/i);
    expect(svg.match(/<[a-z]+/g)).toEqual(['<svg', '<path']);
  });

  it('answers a code it has drawn from its cache (a batch printed again pays nothing)', () => {
    const first = qrSvg(`${url}-cache`);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) qrSvg(`${url}-cache`);
    expect(qrSvg(`${url}-cache`)).toBe(first);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });
});
