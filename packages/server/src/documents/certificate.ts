/**
 * The registration certificate (就业失业登记证明, R2.7 / MOH 二(三)) as an A4 PDF with an embedded Chinese font and a
 * QR code carrying a text reference to the registration, so a counter can look it up.
 */
import QRCode from 'qrcode';
import { beginPdf } from './pdf.ts';

export interface CertificateData {
  readonly registrationId: string;
  readonly registrationNo: string;
  /** `unemployment` | `job_seeking` */
  readonly kind: string;
  readonly state: string;
  readonly registeredOn: string;
  readonly cancelledOn: string | null;
  readonly deregistrationReason: string | null;
  readonly placeBasis: string;
  readonly personName: string;
  readonly idNumberMasked: string;
  readonly jurisdictionName: string;
  readonly office: { readonly name: string; readonly address: string; readonly phone: string } | null;
  readonly packRef: string | null;
  /** Day the certificate is printed (YYYY-MM-DD). */
  readonly issuedOn: string;
}

const KIND_ZH: Record<string, string> = { unemployment: '失业登记', job_seeking: '求职登记' };
const PLACE_ZH: Record<string, string> = { residence: '常住地', hukou: '户籍地', insured: '参保地', employment: '就业地' };
const STATE_ZH: Record<string, string> = { active: '有效', cancelled: '已注销' };

/** The text reference printed under the QR code and encoded in it. */
export function certificateReference(d: Pick<CertificateData, 'registrationNo' | 'registrationId'>): string {
  return `BANGFU-REG:${d.registrationNo}:${d.registrationId}`;
}

function zhDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export async function renderCertificate(d: CertificateData): Promise<Buffer> {
  const reference = certificateReference(d);
  const qr = await QRCode.toBuffer(reference, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const { doc, done } = beginPdf({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 72, right: 72 },
    info: { Title: `就业失业登记证明 ${d.registrationNo}`, Author: 'Bangfu 帮扶', Subject: reference },
  });
  const width = doc.page.width - 144;
  doc.fontSize(22).text('就业失业登记证明', { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3).fontSize(11).fillColor('#555').text(`（${KIND_ZH[d.kind] ?? d.kind}）`, { align: 'center' });
  doc.moveDown(1.2).fillColor('#000');

  const rows: [string, string][] = [
    ['姓名', d.personName],
    ['公民身份号码', d.idNumberMasked],
    ['登记编号', d.registrationNo],
    ['登记类别', KIND_ZH[d.kind] ?? d.kind],
    ['登记日期', zhDate(d.registeredOn)],
    ['登记地依据', PLACE_ZH[d.placeBasis] ?? d.placeBasis],
    ['登记地', d.jurisdictionName],
    ['登记状态', d.state === 'cancelled' && d.cancelledOn ? `已注销（${zhDate(d.cancelledOn)}，${d.deregistrationReason ?? ''}）` : STATE_ZH[d.state] ?? d.state],
  ];
  const labelWidth = 110;
  doc.fontSize(12);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.fillColor('#555').text(label, 72, y, { width: labelWidth });
    doc.fillColor('#000').text(value, 72 + labelWidth, y, { width: width - labelWidth });
    doc.moveDown(0.6);
  }

  doc.moveDown(0.6).fontSize(13).text('经办机构', 72);
  doc.moveDown(0.3).fontSize(11);
  if (d.office) {
    doc.text(`名称：${d.office.name}`);
    doc.text(`地址：${d.office.address}`);
    doc.text(`电话：${d.office.phone}`);
  } else {
    doc.text('本登记地尚未登记经办机构信息，请联系县级公共就业服务机构。');
  }

  doc.moveDown(1);
  const qrTop = doc.y;
  doc.image(qr, 72, qrTop, { width: 110 });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`核验参考：${reference}`, 196, qrTop + 8, { width: width - 124 })
    .moveDown(0.4)
    .text('本证明由公共就业服务机构依据本人书面承诺办理失业登记后出具；登记人员实现就业、入学、参军、领取基本养老金等情形时应及时告知经办机构。', { width: width - 124 })
    .moveDown(0.4)
    .text(`出具日期：${zhDate(d.issuedOn)}${d.packRef ? `；适用规则：${d.packRef}` : ''}`, { width: width - 124 });
  doc.end();
  return done;
}
