import { qrInSvg } from './evidence/testing/qr-decode';
import { sampleSources } from '../bench/pdf-fixtures';
import { evidenceOf } from './evidence/evaluation-evidence';
import { renderReport } from './report-document';
import { projectPart, projectParts, regionPart } from './report-parts';
import { ProjectScorecardView } from './report-view.types';
import { DEFAULT_TEMPLATES_DIR, TemplateStore } from './template-store';

const BASE = 'https://zjj.example.gov.cn/compliance';
const ID = '6f1c2b9e-4a51-4d3e-9a55-0b8d7f2c1e33';

describe('the verification block of a scorecard', () => {
  const store = new TemplateStore(DEFAULT_TEMPLATES_DIR);

  it('prints a stored evaluation’s code, and a QR code of its verification page with that code', async () => {
    const [sample] = await sampleSources(1, 'acceptance');
    const src = { ...sample, evaluationId: ID, stored: true };
    const part = projectPart(src, BASE);
    const code = evidenceOf(src).code;
    // One serialisation: what the file attaches is what the code is computed from.
    expect(part.evidence!.json.equals(evidenceOf(src).json)).toBe(true);
    const v = (part.model as ProjectScorecardView).trace.verification!;
    expect(v).toMatchObject({ code, url: `${BASE}/verify/${ID}?c=${code}`, pageUrl: `${BASE}/verify` });
    expect(qrInSvg(v.qrSvg!)).toBe(`${BASE}/verify/${ID}?c=${code}`);
    const html = renderReport(store, part).html;
    expect(html).toContain(`<div class="verification-code"><span class="verification-label">核验码</span> ${code}</div>`);
    expect(html).toContain(v.qrSvg!);
  });

  it('prints the code of an evaluation made for the print (or from a file) without a QR code, and says it cannot be checked online', async () => {
    const [sample] = await sampleSources(1, 'acceptance');
    for (const stored of [false, undefined]) {
      const part = projectPart({ ...sample, stored }, BASE);
      const v = (part.model as ProjectScorecardView).trace.verification!;
      expect(v).toEqual({ code: evidenceOf({ ...sample, stored }).code, qrSvg: null, url: null, pageUrl: null, note: '未存储的即时评估，不能在线核验' });
      const html = renderReport(store, part).html;
      expect(html).not.toContain('<svg');
      expect(html).toContain('未存储的即时评估，不能在线核验');
    }
  });

  it('gives every report of a batch its own code, and region scorecards theirs', async () => {
    const sources = (await sampleSources(3, 'acceptance')).map((s, i) => ({ ...s, evaluationId: `${ID.slice(0, -1)}${i}`, stored: true }));
    const { parts } = projectParts(sources);
    const codes = parts.map((p) => (p.model as ProjectScorecardView).trace.verification!.code);
    expect(codes).toEqual(sources.map((s) => evidenceOf(s).code));
    expect(new Set(codes).size).toBe(3);
    // A region scorecard prints its own evaluation's code the same way (real region sources: e2e).
    const regionSrc = { ...sources[0], evaluation: { ...sources[0].evaluation, subject: { ...sources[0].evaluation.subject, kind: 'region' as const } } };
    const region = regionPart(regionSrc, BASE);
    expect(region.evidence!.code).toBe(evidenceOf(regionSrc).code);
    expect(renderReport(store, region).html).toContain(`核验码</span> ${region.evidence!.code}</div>`);
  });
});
