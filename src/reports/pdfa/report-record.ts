import { EvaluationEvidence } from '../evidence/evaluation-evidence';
import { ReportPart } from '../report-document';
import { latestDate } from './archival-dates';
import { ArchivalContent } from './archival-pdf';
import { AttachedFile, EVALUATION_ATTACHMENT, evaluationAttachmentName } from './attachments';

/**
 * What a printed file says about itself, taken from the reports it holds: their titles, the
 * notice's issuer as author, and the evaluations they print (their evidence), which it carries as
 * attached files and is dated with.
 */

interface EvidenceFacts {
  evaluationId: string;
  evaluatedAt: string | null;
  name: string;
}

const facts = new WeakMap<EvaluationEvidence, EvidenceFacts>();

/** The few fields of an evidence document the file's metadata needs (read once per evidence). */
function factsOf(evidence: EvaluationEvidence): EvidenceFacts {
  let known = facts.get(evidence);
  if (!known) {
    const doc = JSON.parse(evidence.json.toString('utf8')) as { evaluationId?: string; evaluatedAt?: string | null; subject?: { name?: string } };
    known = { evaluationId: String(doc.evaluationId ?? ''), evaluatedAt: doc.evaluatedAt ?? null, name: String(doc.subject?.name ?? '') };
    facts.set(evidence, known);
  }
  return known;
}

/** Every evaluation a report prints: a scorecard its own, the year summary each of its rows'. */
export function evidenceOfPart(part: ReportPart): EvaluationEvidence[] {
  return part.evidence ? [part.evidence] : (part.carries ?? []);
}

function issuerOf(part: ReportPart | undefined): string {
  const notice = (part?.model as { notice?: { issuer?: unknown } } | undefined)?.notice;
  return typeof notice?.issuer === 'string' ? notice.issuer : '';
}

function attachments(evidence: EvaluationEvidence[], alone: boolean): AttachedFile[] {
  return evidence.map((e, i) => {
    const f = factsOf(e);
    return { name: alone ? EVALUATION_ATTACHMENT : evaluationAttachmentName(i), bytes: e.json, description: `${f.name} 评估数据（评估编号 ${f.evaluationId}）` };
  });
}

/** One report as its own file: a scorecard (evaluation.json) or the year summary (evaluation-001.json …). */
export function reportRecord(part: ReportPart): ArchivalContent {
  const evidence = evidenceOfPart(part);
  const model = part.model as { reportTitle?: unknown; trace?: { evaluationId: string; ruleSetId: string; ruleSetVersion: string } };
  const trace = model.trace;
  return {
    title: part.model.bookmark,
    author: issuerOf(part),
    subject: typeof model.reportTitle === 'string' ? model.reportTitle : part.model.bookmark,
    keywords: trace ? `评估编号 ${trace.evaluationId}; 规则集 ${trace.ruleSetId} ${trace.ruleSetVersion}` : '',
    date: latestDate(evidence.map((e) => factsOf(e).evaluatedAt)),
    files: attachments(evidence, part.evidence !== undefined),
  };
}

/** The booklet: every report's evaluation, numbered in the order of the contents. */
export function bookletRecord(title: string, parts: ReportPart[]): ArchivalContent {
  const evidence = parts.flatMap(evidenceOfPart);
  return {
    title,
    author: issuerOf(parts[0]),
    subject: `${title}（${parts.length} 份评估报告）`,
    keywords: '',
    date: latestDate(evidence.map((e) => factsOf(e).evaluatedAt)),
    files: attachments(evidence, false),
  };
}
