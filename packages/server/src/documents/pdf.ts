/**
 * A PDF document with the embedded CJK font selected, collected into one Buffer when it ends. For new documents;
 * the older ones (certificate, assistance documents, printables) open theirs by hand and may move here.
 */
import PDFDocument from 'pdfkit';
import { CJK_FONT_NAME, cjkFont } from './fonts.ts';

export function beginPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({ ...options, info: { Author: 'Bangfu 帮扶', ...options.info } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(CJK_FONT_NAME, cjkFont());
  return { doc, done };
}
