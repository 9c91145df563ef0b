import { sampleSources } from '../../bench/pdf-fixtures';
import { evidenceFromBytes, evidenceOf, normaliseCode, verificationCode } from './evaluation-evidence';

describe('evaluation evidence', () => {
  it('serialises an evaluation once, canonically: the same evaluation gives the same bytes and code', async () => {
    const [a] = await sampleSources(1, 'application');
    const [b] = await sampleSources(1, 'application');
    const ea = evidenceOf(a);
    expect(ea.json.equals(evidenceOf(b).json)).toBe(true);
    const doc = JSON.parse(ea.json.toString('utf8'));
    expect(doc).toMatchObject({ evaluationId: 'sample-1', ruleSet: { id: 'hubei-2022' }, stage: 'application', subject: { kind: 'project' } });
    expect(doc.results).toHaveLength(a.evaluation.results.length);
    expect(ea.code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    expect(evidenceFromBytes(ea.json)).toEqual(ea);
  });

  it('changes its code when anything in the evaluation changes', async () => {
    const [a] = await sampleSources(1, 'application');
    const before = evidenceOf(a).code;
    a.evaluation.results[0].message += '。';
    expect(evidenceOf(a).code).not.toBe(before);
  });

  it('prints the first 64 bits in four groups and reads them back however they are typed', () => {
    expect(verificationCode('bf21906996ce09db' + '0'.repeat(48))).toBe('BF21-9069-96CE-09DB');
    expect(normaliseCode('bf21 9069 96ce 09db')).toBe('BF21-9069-96CE-09DB');
    expect(normaliseCode('BF2190699 6CE09DB')).toBe('BF21-9069-96CE-09DB');
    expect(normaliseCode('BF21-9069-96CE')).toBeNull();
    expect(normaliseCode('XF21-9069-96CE-09DB')).toBeNull();
  });
});
