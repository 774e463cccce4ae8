/**
 * A print batch of letters as one A4 PDF: one letter per page, the address block at the top left (where a window
 * envelope shows it), then the message. Fonts as for certificates (documents/fonts.ts: embedded, subset).
 */
import { CJK_FONT_NAME } from '../../documents/fonts.ts';
import { beginPdf } from '../../documents/pdf.ts';

export interface Letter {
  readonly personName: string;
  readonly address: string;
  readonly text: string;
}

export async function renderLetterBatch(batch: { id: string; createdOn: string; letters: readonly Letter[] }): Promise<Buffer> {
  const { doc, done } = beginPdf({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 }, autoFirstPage: false, info: { Title: `信函批次 ${batch.id}`, Author: 'Bangfu 帮扶' } });
  batch.letters.forEach((l, i) => {
    doc.addPage();
    doc.font(CJK_FONT_NAME);
    const width = doc.page.width - 144;
    doc.fontSize(11).text(l.address, 72, 90, { width: 260 });
    doc.fontSize(13).text(`${l.personName} 收`, { width: 260 });
    doc.moveDown(4);
    doc.fontSize(16).text('通知', { align: 'center', width });
    doc.moveDown(1);
    doc.fontSize(12).text(l.text, { width, lineGap: 6 });
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.fontSize(9).text(`批次 ${batch.id} · 第 ${i + 1}/${batch.letters.length} 封 · ${batch.createdOn}`, 72, doc.page.height - 60, { width, align: 'center' });
  });
  doc.end();
  return done;
}
