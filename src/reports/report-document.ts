import { CjkFontSubsetter } from './cjk-font-subset';
import { EvaluationEvidence } from './evidence/evaluation-evidence';
import { TemplateName, TemplateStore } from './template-store';

/** One report inside a printable document: its rendered body and its footer line. */
export interface RenderedReport {
  /** Output of a report template (escaped HTML), never raw user data. */
  html: string;
  /** Left footer text: rule set, version, hash and evaluation id (escaped as a CSS string). */
  footer: string;
  /** Contents/bookmark title. */
  bookmark: string;
}

export interface ReportPart {
  key: string;
  template: Exclude<TemplateName, 'document' | 'page-stamps'>;
  model: { bookmark: string; trace?: { ruleSetId: string; ruleSetVersion: string; ruleSetHash: string; evaluationId: string } };
  footer?: string;
  /**
   * The evaluation the report prints, serialised once (evidenceOf): its code is printed on the
   * report and its bytes are what the file attaches. Absent for the year summary (many evaluations).
   */
  evidence?: EvaluationEvidence;
  /** The year summary's: the evaluation of each row, attached as evaluation-001.json … (src/reports/pdfa). */
  carries?: EvaluationEvidence[];
}

/** Named destination of report i in a batch document (see templates/document.hbs). */
export function reportAnchor(i: number): string {
  return `report-${i}`;
}

export function footerOf(part: ReportPart): string {
  if (part.footer !== undefined) return part.footer;
  const t = part.model.trace;
  return t ? `规则集 ${t.ruleSetId} ${t.ruleSetVersion} ${t.ruleSetHash} · 评估编号 ${t.evaluationId}` : '';
}

/** Renders one report body; throws if the template or the view model is broken. */
export function renderReport(store: TemplateStore, part: ReportPart): RenderedReport {
  return { html: store.render(part.template, part.model), footer: footerOf(part), bookmark: part.model.bookmark };
}

export interface DocumentOptions {
  batch?: boolean;
  /** For the printer: hidden on screen, since Chromium lays it out again for print anyway. */
  print?: boolean;
  /**
   * The document carries a subset of the CJK font holding exactly the characters it uses; which
   * characters is only known once it is rendered, hence the slot filled in afterwards. Null: no
   * subset (system fonts); left out: the slot stays for withFontFace.
   */
  fonts?: CjkFontSubsetter | null;
}

/**
 * Wraps reports into one HTML document. A single report numbers its pages itself (第 X 页 共 Y
 * 页 in a page margin box). A batch gets a contents page with a link to each report, and its
 * page numbers are stamped per report after printing (src/reports/page-stamps.ts), since CSS
 * cannot count the pages of one report inside a larger document.
 */
export function renderDocument(store: TemplateStore, title: string, reports: RenderedReport[], { batch = false, print = false, fonts }: DocumentOptions = {}): string {
  const html = store.render('document', {
    title,
    batch,
    print,
    fontFace: FONT_FACE_SLOT,
    stylesheet: store.stylesheet(),
    reports: reports.map((r, i) => ({
      html: r.html,
      footer: r.footer,
      bookmark: r.bookmark,
      anchor: reportAnchor(i),
      pageName: `report-${i}`,
    })),
  });
  return fonts === undefined ? html : withFontFace(html, fonts);
}

const FONT_FACE_SLOT = '/* subset CJK font */';

/**
 * Fills the slot a document left for its CJK font subset (renderDocument without `fonts`): done
 * by whichever process prints it, so an API process that has a worker print its pages does not
 * spend its event loop on the subset.
 */
export function withFontFace(html: string, fonts: CjkFontSubsetter | null): string {
  return html.replace(FONT_FACE_SLOT, () => (fonts ? fonts.fontFace(html) : ''));
}
