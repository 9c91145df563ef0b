import { createHash } from 'node:crypto';
import { InputError } from '../common/errors';
import { EvaluationEvidence, evidenceFromBytes } from '../reports/evidence/evaluation-evidence';
import { EVALUATION_ATTACHMENT, readAttachments } from '../reports/pdfa/attachments';
import { VerifiedScorecard } from './verified-scorecard';

/** One evaluation a file carries, checked against the stored one. */
export interface EvaluationCheck {
  evaluationId: string | null;
  /** The code of the attached bytes, as the report prints it. */
  code: string;
  genuine: boolean;
  reason: string;
  /** The stored evaluation's minimum (as the public page shows it), when it exists. */
  subject: VerifiedScorecard | null;
}

/** `verify <file.pdf>`'s answer for a scorecard (one evaluation.json). */
export interface FileVerification extends EvaluationCheck {
  file: string;
  /**
   * Whether the file is byte for byte one the service issued (its SHA-256 is in the register):
   * null when the register has no file of this evaluation to compare with (not stored, or printed
   * before the register existed).
   */
  pdfIdentical: boolean | null;
}

/** What the check needs from the database (VerificationService). */
export interface VerificationSource {
  stored(id: string): Promise<{ evidence: EvaluationEvidence; scorecard: VerifiedScorecard } | null>;
  /** Register rows of the evaluation: how many, and whether one is the file `pdfSha256`. */
  issued(evaluationId: string, pdfSha256: string): Promise<{ files: number; identical: boolean }>;
}

/**
 * The bytes of evaluation.json in a printed scorecard, exactly as attached. Throws InputError
 * (exit 2) for what cannot be checked at all: not a PDF, or no evaluation attached.
 */
export async function attachedEvaluation(file: string, pdf: Buffer): Promise<Buffer> {
  if (pdf.subarray(0, 1024).indexOf('%PDF-') === -1) throw new InputError(`${file} 不是 PDF 文件`);
  let attachments;
  try {
    attachments = await readAttachments(pdf);
  } catch (err) {
    throw new InputError(`${file} 无法作为 PDF 读取：${(err as Error).message.split('\n')[0]}`);
  }
  const attached = attachments.find((a) => a.name === EVALUATION_ATTACHMENT);
  if (attached) return attached.bytes;
  const several = attachments.filter((a) => /^evaluation-\d+\.json$/.test(a.name)).length;
  throw new InputError(
    several > 0
      ? `${file} 附有 ${several} 份评估记录（评估报告汇编或年度汇总表），请逐份核验单个项目或市州的评估报告`
      : `${file} 没有附带评估记录 ${EVALUATION_ATTACHMENT}（不是本系统出具的评估报告，或出具于核验功能启用之前）`,
  );
}

/**
 * Checks a printed scorecard: recomputes the code of the evaluation it carries, compares those
 * bytes with the stored evaluation serialised as printing serialises it, and looks the file's
 * SHA-256 up in the register of issued files.
 */
export async function verifyFile(file: string, pdf: Buffer, attached: Buffer, source: VerificationSource): Promise<FileVerification> {
  const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
  const check = await checkEvaluation(attached, source);
  if (!check.evaluationId || !check.storedExists) return answer(file, check.result, check.result.reason, null);
  const { files, identical } = await source.issued(check.evaluationId, pdfSha256);
  const pdfIdentical = files === 0 ? null : identical;
  const fileReason =
    pdfIdentical === true ? '文件与登记的出具文件逐字节相同'
    : pdfIdentical === false ? `文件与登记的 ${files} 份出具文件都不相同（出具后被另存或改动过）`
    : '登记簿中没有该评估记录出具的文件，无法比对文件本身';
  return answer(file, check.result, `${check.result.reason}；${fileReason}`, pdfIdentical);
}

/** In the order domain.md's CLI contract lists the fields. */
function answer(file: string, c: EvaluationCheck, reason: string, pdfIdentical: boolean | null): FileVerification {
  return { file, evaluationId: c.evaluationId, code: c.code, genuine: c.genuine, reason, pdfIdentical, subject: c.subject };
}

async function checkEvaluation(bytes: Buffer, source: VerificationSource): Promise<{ result: EvaluationCheck; evaluationId: string | null; storedExists: boolean }> {
  const evidence = evidenceFromBytes(bytes);
  let doc: { evaluationId?: unknown; stored?: unknown } | null = null;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) doc = parsed as { evaluationId?: unknown; stored?: unknown };
  } catch {
    // reported below
  }
  const id = typeof doc?.evaluationId === 'string' ? doc.evaluationId : null;
  const base = { evaluationId: id, code: evidence.code, subject: null };
  if (!doc || id === null) {
    return { evaluationId: null, storedExists: false, result: { ...base, genuine: false, reason: `附件 ${EVALUATION_ATTACHMENT} 不是本系统写出的评估记录（不是 JSON 对象，或没有评估编号）` } };
  }
  if (doc.stored === false) {
    return { evaluationId: id, storedExists: false, result: { ...base, genuine: false, reason: '未存储的即时评估（打印时评估，未存储）：没有存档的评估记录可供核验' } };
  }
  const stored = await source.stored(id);
  if (!stored) {
    return { evaluationId: id, storedExists: false, result: { ...base, genuine: false, reason: `数据库中没有评估记录 ${id}` } };
  }
  const genuine = stored.evidence.sha256 === evidence.sha256;
  return {
    evaluationId: id,
    storedExists: true,
    result: {
      ...base,
      subject: stored.scorecard,
      genuine,
      reason: genuine
        ? `附件 ${EVALUATION_ATTACHMENT} 与存档的评估记录逐字节一致（核验码 ${evidence.code}）`
        : `附件 ${EVALUATION_ATTACHMENT} 与存档的评估记录不一致（附件核验码 ${evidence.code}，存档为 ${stored.evidence.code}）：附件已被改动`,
    },
  };
}
