import { EvaluationEvidence } from './evaluation-evidence';
import { qrSvg } from './qr-code';
import { ScorecardSource, VerificationView } from '../report-view.types';

/** The address the QR code of a stored evaluation encodes: the public page, with the code to compare. */
export function verificationUrl(baseUrl: string, evaluationId: string, code: string): string {
  return `${baseUrl}/verify/${encodeURIComponent(evaluationId)}?c=${code}`;
}

export const NOT_VERIFIABLE = '未存储的即时评估，不能在线核验';

/**
 * What a scorecard prints to be checked: its verification code always; the QR code and the page
 * address only when the evaluation is stored, since only a stored evaluation can be found again
 * and compared (an evaluation made for one print, or from a file, is kept nowhere).
 */
export function verificationView(src: ScorecardSource, evidence: EvaluationEvidence, baseUrl: string): VerificationView {
  if (src.stored !== true) return { code: evidence.code, qrSvg: null, url: null, pageUrl: null, note: NOT_VERIFIABLE };
  const url = verificationUrl(baseUrl, src.evaluationId, evidence.code);
  return {
    code: evidence.code,
    qrSvg: qrSvg(url),
    url,
    pageUrl: `${baseUrl}/verify`,
    note: '扫描二维码，或在核验网址输入评估编号与核验码，可核验本报告与存档的评估记录是否一致',
  };
}
