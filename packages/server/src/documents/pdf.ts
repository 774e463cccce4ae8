/** A new PDF document set in the CJK font (`fonts.ts`), and the promise of its bytes once `doc.end()` is called. */
import PDFDocument from 'pdfkit';
import { CJK_FONT_NAME, cjkFont } from './fonts.ts';

export function beginPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(CJK_FONT_NAME, cjkFont());
  doc.font(CJK_FONT_NAME);
  return { doc, done };
}
