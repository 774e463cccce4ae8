/**
 * Printables of the assistance slice: the assistance card (就业援助卡, MOH 二(三): used with the registration
 * certificate) and the assistance agreement (援助协议, MOH 三(四)) — A4/A6 PDFs with the embedded CJK font.
 */
import { beginPdf } from '../../documents/pdf.ts';

function zhDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function begin(size: string | [number, number], title: string, margin: number): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  return beginPdf({ size, margins: { top: margin, bottom: margin, left: margin, right: margin }, info: { Title: title, Author: 'Bangfu 帮扶' } });
}

function rows(doc: PDFKit.PDFDocument, items: [string, string][], x: number, labelWidth: number, width: number, gap: number): void {
  for (const [label, value] of items) {
    const y = doc.y;
    doc.fillColor('#555').text(label, x, y, { width: labelWidth });
    doc.fillColor('#000').text(value, x + labelWidth, y, { width: width - labelWidth });
    doc.moveDown(gap);
  }
}

export interface CardData {
  readonly cardNo: string;
  readonly applicationNo: string;
  readonly personName: string;
  readonly sex: string;
  readonly idNumberMasked: string;
  readonly jurisdictionName: string;
  readonly categories: readonly string[];
  readonly recognisedOn: string;
  readonly validUntil: string;
  readonly office: { readonly name: string; readonly phone: string | null; readonly address: string | null } | null;
  readonly packRef: string;
  readonly issuedOn: string;
}

export async function renderAssistanceCard(d: CardData): Promise<Buffer> {
  // A5 landscape: a card-sized sheet that prints on any office printer.
  const { doc, done } = begin([595, 420], `就业援助卡 ${d.cardNo}`, 36);
  const width = doc.page.width - 72;
  doc.fontSize(20).text('就业援助卡', { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.2).fontSize(10).fillColor('#555').text(`卡号 ${d.cardNo}`, { align: 'center' });
  doc.moveDown(0.8).fillColor('#000').fontSize(11);
  rows(
    doc,
    [
      ['姓名', d.personName],
      ['性别', d.sex === 'female' ? '女' : d.sex === 'male' ? '男' : d.sex],
      ['公民身份号码', d.idNumberMasked],
      ['所在社区（村）', d.jurisdictionName],
      ['援助对象类别', d.categories.join('；') || '—'],
      ['认定日期', zhDate(d.recognisedOn)],
      ['有效期至', zhDate(d.validUntil)],
      ['认定编号', d.applicationNo],
    ],
    36,
    100,
    width,
    0.35,
  );
  doc.moveDown(0.4).fontSize(9).fillColor('#555');
  doc.text(`${d.office ? `发卡机构：${d.office.name}${d.office.phone ? ` 电话：${d.office.phone}` : ''}` : '发卡机构：县级公共就业服务机构'}`, 36);
  doc.text('本卡与就业失业登记证明同时使用；持卡人享受优先服务和就业援助政策，情况变化请及时告知经办机构。', 36, doc.y, { width });
  doc.text(`出具日期：${zhDate(d.issuedOn)}；适用规则：${d.packRef}`, 36, doc.y, { width });
  doc.end();
  return done;
}

export interface AgreementData {
  readonly personName: string;
  readonly idNumberMasked: string;
  readonly cardNo: string | null;
  readonly agreementVersion: string;
  readonly agreementTitle: string;
  readonly agreementText: string;
  readonly agreementSha256: string;
  readonly needs: readonly string[];
  readonly goals: string;
  readonly responsibleWorker: string;
  readonly measures: readonly { kind: string; description: string; targetDate: string; doneOn: string | null }[];
  readonly consent: { method: string; signedAt: string } | null;
  readonly issuedOn: string;
}

const MEASURE_KIND_ZH: Record<string, string> = { measure: '援助措施', follow_up: '稳岗回访', subsidy: '补贴申领' };

export async function renderAgreement(d: AgreementData): Promise<Buffer> {
  const { doc, done } = begin('A4', `${d.agreementTitle} ${d.personName}`, 64);
  const width = doc.page.width - 128;
  doc.fontSize(20).text(d.agreementTitle, { align: 'center', characterSpacing: 3 });
  doc.moveDown(0.2).fontSize(9).fillColor('#555').text(`文本版本 ${d.agreementVersion} SHA-256 ${d.agreementSha256.slice(0, 16)}…`, { align: 'center' });
  doc.moveDown(0.8).fillColor('#000').fontSize(11);
  rows(
    doc,
    [
      ['乙方（援助对象）', d.personName],
      ['公民身份号码', d.idNumberMasked],
      ['就业援助卡号', d.cardNo ?? '—'],
      ['首问责任人', d.responsibleWorker],
      ['援助需求', d.needs.join('、') || '—'],
      ['援助目标', d.goals],
    ],
    64,
    110,
    width,
    0.4,
  );
  doc.moveDown(0.5).fontSize(12).text('援助措施与时限', 64);
  doc.moveDown(0.3).fontSize(10);
  d.measures.forEach((m, i) => {
    doc.text(`${i + 1}. 【${MEASURE_KIND_ZH[m.kind] ?? m.kind}】${m.description} 完成时限：${zhDate(m.targetDate)}${m.doneOn ? `（已于 ${zhDate(m.doneOn)} 完成）` : ''}`, 64, doc.y, { width });
  });
  doc.moveDown(0.6).fontSize(12).text('协议条款', 64);
  doc.moveDown(0.3).fontSize(10).text(d.agreementText, 64, doc.y, { width });
  doc.moveDown(1).fontSize(11);
  doc.text(d.consent ? `乙方确认：已于 ${d.consent.signedAt.slice(0, 10)} 以${d.consent.method === 'online' ? '网上确认' : d.consent.method === 'fingerprint' ? '捺印' : '签字'}方式同意本协议。` : '乙方签字：＿＿＿＿＿＿ 日期：＿＿＿＿＿＿', 64);
  doc.moveDown(0.4).text('甲方（公共就业服务机构）盖章：＿＿＿＿＿＿', 64);
  doc.moveDown(0.6).fontSize(9).fillColor('#555').text(`打印日期：${zhDate(d.issuedOn)}`, 64);
  doc.end();
  return done;
}
