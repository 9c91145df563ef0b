import JSZip from 'jszip';
import { BatchResult } from './report-printer';
import { safeFileName } from './atomic-write';

export interface ZipEntryInfo {
  key: string;
  file: string;
}

/**
 * The batch download: one PDF per report, the booklet, and a manifest listing what failed so a
 * missing scorecard is never silent. PDFs are stored uncompressed (they already are compressed).
 */
export async function buildBatchZip(
  result: BatchResult,
  names: Map<string, string>,
  meta: { title: string; bookletName: string },
): Promise<Buffer> {
  const zip = new JSZip();
  const used = new Set<string>();
  const entries: ZipEntryInfo[] = [];
  for (const r of result.reports) {
    let file = `${safeFileName(names.get(r.key) ?? r.bookmark, r.key)}.pdf`;
    for (let n = 2; used.has(file); n++) file = `${safeFileName(names.get(r.key) ?? r.bookmark, r.key)}-${n}.pdf`;
    used.add(file);
    zip.file(`项目评估报告/${file}`, r.pdf, { compression: 'STORE', date: new Date(0) });
    entries.push({ key: r.key, file: `项目评估报告/${file}` });
  }
  if (result.booklet) zip.file(meta.bookletName, result.booklet, { compression: 'STORE', date: new Date(0) });
  const manifest = {
    title: meta.title,
    reports: entries,
    booklet: result.booklet ? { file: meta.bookletName, pages: result.bookletPages } : null,
    failures: result.failures,
  };
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date: new Date(0) });
  if (result.failures.length > 0) {
    const lines = result.failures.map((f) => `${f.key}\t${f.bookmark}\t${f.error}`);
    zip.file('生成失败清单.txt', `以下 ${result.failures.length} 份报告未能生成：\n${lines.join('\n')}\n`, { date: new Date(0) });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
