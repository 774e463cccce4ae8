/**
 * Printed documents handed to the person (R8.4, XC23 四(二)): the assistance diary, the policy 明白卡, the service
 * list and the office list. A4 PDFs with the CJK font of `src/documents/fonts.ts` (pdfkit subsets it).
 */
import { beginPdf } from '../../documents/pdf.ts';

export interface Section {
  readonly heading: string;
  readonly lines: readonly string[];
}

export interface Printable {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
  readonly footer: string;
}

export async function renderPrintable(p: Printable): Promise<Buffer> {
  const { doc, done } = beginPdf({ size: 'A4', margins: { top: 56, bottom: 56, left: 64, right: 64 }, info: { Title: p.title, Author: 'Bangfu 帮扶' } });
  const width = doc.page.width - 128;
  doc.fontSize(20).text(p.title, { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3).fontSize(10).fillColor('#555').text(p.subtitle, { align: 'center' });
  doc.fillColor('#000');
  for (const s of p.sections) {
    doc.moveDown(0.9).fontSize(13).text(s.heading, 64, doc.y, { width });
    doc.moveDown(0.2).fontSize(10);
    if (s.lines.length === 0) doc.fillColor('#777').text('（无）', { width }).fillColor('#000');
    for (const line of s.lines) doc.text(line, { width, paragraphGap: 3 });
  }
  doc.moveDown(1.2).fontSize(8).fillColor('#555').text(p.footer, { width });
  doc.end();
  return done;
}
