import { ArchivalDate } from './archival-dates';

/** What a printed file says about itself, in its Info dictionary and in XMP alike. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  date: ArchivalDate;
}

/** Text fit for both: no control characters (XML 1.0 cannot carry them, so the two would differ). */
export function plainText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The XMP packet of a PDF/A-3b file: the part and conformance it claims (pdfaid), and the same
 * title, author, subject, keywords, tools and dates as the Info dictionary (PDF/A requires them to
 * agree; Chinese titles are UTF-8 here and UTF-16 there). Only schemas PDF/A predefines, so no
 * extension schema is needed. Written uncompressed, as PDF/A-1 readers expect.
 */
export function xmpPacket(info: DocumentInfo): string {
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escape(s)}</rdf:li></rdf:Alt>`;
  // An empty entry is left out, as it is from the Info dictionary.
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<pdfaid:part>3</pdfaid:part>',
    '<pdfaid:conformance>B</pdfaid:conformance>',
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    info.title && `<dc:title>${alt(info.title)}</dc:title>`,
    info.author && `<dc:creator><rdf:Seq><rdf:li>${escape(info.author)}</rdf:li></rdf:Seq></dc:creator>`,
    info.subject && `<dc:description>${alt(info.subject)}</dc:description>`,
    '<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>',
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreatorTool>${escape(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${info.date.xmp}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${info.date.xmp}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${info.date.xmp}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${escape(info.producer)}</pdf:Producer>`,
    info.keywords && `<pdf:Keywords>${escape(info.keywords)}</pdf:Keywords>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ];
  return lines.filter(Boolean).join('\n');
}
