/**
 * The assistance diary (帮扶日记, R8.4 / XC23 四(二)): everything done with and for the person in time order, on
 * screen and printed; and the printed 明白卡, service list and office list for the person's jurisdiction.
 */
import type { ServiceType } from '@bangfu/rules';
import type { RequestContext } from '../../http/context.ts';
import { chinaDate } from '../../jobs/clock.ts';
import { renderPrintable, type Section } from './printables.ts';
import { CHANNEL_ZH, RESULT_ZH, SERVICE_TYPE_ZH } from './service-texts.ts';
import type { ServicesCore } from './services.core.ts';
import type { TDiary } from './services.contract.ts';
import type { ServiceStates } from './state.service.ts';

export class ServiceDiary {
  constructor(
    private readonly core: ServicesCore,
    private readonly states: ServiceStates,
  ) {}

  async diary(ctx: RequestContext, personId: string): Promise<TDiary> {
    const person = await this.core.visiblePerson(ctx, personId, 'service.diary');
    const [regs, services, marks, events, changes, employments, jurisdictionName] = await Promise.all([
      this.core.repo.registrationsOf([person.id]),
      this.core.repo.forPerson(person.id),
      this.core.repo.marks(person.id),
      this.core.repo.events(person.id),
      this.core.repo.stateChanges(person.id, 1000),
      this.core.repo.employments(person.id),
      this.core.repo.divisionName(person.jurisdictionCode),
    ]);
    const names = await this.core.repo.userNames([...regs.map((r) => r.firstContactBy ?? ''), ...regs.map((r) => r.createdBy ?? ''), ...regs.map((r) => r.deregisteredBy ?? '')]);
    const postings = await this.core.repo.postings(services.map((s) => s.postingId).filter((x): x is string => !!x));
    const entries: TDiary['entries'] = [];
    const kindZh = (k: string) => (k === 'unemployment' ? '失业登记' : k === 'job_seeking' ? '求职登记' : k);
    for (const r of regs) {
      entries.push({ on: r.registeredOn, at: r.createdAt.toISOString(), kind: 'registration', titleZh: `${kindZh(r.kind)} ${r.registrationNo ?? ''}`.trim(), titleEn: `${r.kind} registration ${r.registrationNo ?? ''}`.trim(), detail: [r.packRef, r.firstContactDeadline ? `首次联系期限 ${r.firstContactDeadline}` : null].filter(Boolean).join('；'), by: names.get(r.createdBy ?? '') ?? null, ref: `registration:${r.id}` });
      if (r.firstContactOn) entries.push({ on: r.firstContactOn, at: null, kind: 'contact', titleZh: `首次联系（${CHANNEL_ZH[r.firstContactChannel ?? ''] ?? r.firstContactChannel ?? ''}）`, titleEn: `first contact (${r.firstContactChannel ?? ''})`, detail: r.firstContactNote ?? '', by: names.get(r.firstContactBy ?? '') ?? null, ref: `registration:${r.id}` });
      if (r.cancelledOn) entries.push({ on: r.cancelledOn, at: null, kind: 'decision', titleZh: `注销${kindZh(r.kind)}：${r.deregistrationReason ?? ''}`, titleEn: `registration cancelled: ${r.deregistrationReason ?? ''}`, detail: [r.deregistrationSource, r.deregistrationNote].filter(Boolean).join('；'), by: names.get(r.deregisteredBy ?? '') ?? null, ref: `registration:${r.id}` });
    }
    const superseded = new Map(services.filter((s) => s.supersedesId).map((s) => [s.supersedesId!, s]));
    for (const s of services) {
      const p = s.postingId ? postings.get(s.postingId) : undefined;
      const parts = [s.content, p ? `岗位：${p.title}（${p.employerName}）` : s.postingText ? `岗位：${s.postingText}` : null, s.result ? `结果：${RESULT_ZH[s.result] ?? s.result}${s.resultReason ? `（${s.resultReason}）` : ''}` : null, s.outcome, s.correctionReason ? `更正原因：${s.correctionReason}` : null, superseded.has(s.id) ? '（已被更正）' : null, s.voided ? '（作废）' : null];
      entries.push({ on: s.servedOn, at: s.createdAt.toISOString(), kind: 'service', titleZh: `${SERVICE_TYPE_ZH[s.type as ServiceType] ?? s.type}（${CHANNEL_ZH[s.channel] ?? s.channel}）`, titleEn: `${s.type} (${s.channel})`, detail: parts.filter(Boolean).join('；'), by: s.workerName, ref: `service:${s.id}` });
    }
    for (const m of marks) {
      entries.push({ on: m.since, at: m.recordedAt.toISOString(), kind: 'mark', titleZh: `标注：${m.mark}`, titleEn: `mark ${m.mark} set`, detail: [m.source, m.note].filter(Boolean).join('；'), by: null, ref: null });
      if (m.until) entries.push({ on: m.until, at: null, kind: 'mark', titleZh: `标注结束：${m.mark}`, titleEn: `mark ${m.mark} ended`, detail: m.endSource ?? '', by: null, ref: null });
    }
    for (const e of events) {
      entries.push({ on: chinaDate(e.at), at: e.at.toISOString(), kind: 'status', titleZh: `档案变更：${e.kind}`, titleEn: `file change: ${e.kind}`, detail: [e.reason, e.source].filter(Boolean).join('；'), by: e.actorName, ref: `event:${e.id}` });
    }
    for (const e of employments) {
      entries.push({ on: e.startedOn, at: e.createdAt.toISOString(), kind: 'decision', titleZh: `就业登记：${e.employerName}`, titleEn: `employment registration: ${e.employerName}`, detail: e.type, by: null, ref: `employment:${e.id}` });
    }
    for (const c of changes) entries.push({ on: c.on, at: c.at.toISOString(), kind: 'state', titleZh: c.textZh, titleEn: c.textEn, detail: '', by: null, ref: c.cause });
    entries.sort((a, b) => a.on.localeCompare(b.on) || (a.at ?? '').localeCompare(b.at ?? ''));
    ctx.audit = { action: 'service.diary', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { person: { id: person.id, name: person.name, idNumberMasked: person.idNumberMasked, jurisdiction: { code: person.jurisdictionCode, name: jurisdictionName } }, entries };
  }

  async diaryPdf(ctx: RequestContext, personId: string): Promise<{ pdf: Buffer; filename: string }> {
    const d = await this.diary(ctx, personId);
    const pdf = await renderPrintable({
      title: '就业帮扶日记',
      subtitle: `${d.person.name}  ${d.person.idNumberMasked}  ${d.person.jurisdiction.name}`,
      sections: [{ heading: '帮扶记录（按时间顺序）', lines: d.entries.map((e) => `${e.on}  ${e.titleZh}${e.detail ? `：${e.detail}` : ''}${e.by ? `（${e.by}）` : ''}`) }],
      footer: `打印日期 ${this.core.today()}。依据 XC23 四(二)（就业帮扶日记）；NM24 四、XC23 三(三)（服务有迹可循）。`,
    });
    ctx.audit = { action: 'service.diary.print', resourceType: 'person', resourceId: d.person.id, jurisdictionCode: d.person.jurisdiction.code, sensitive: true };
    return { pdf, filename: `diary-${d.person.id}.pdf` };
  }

  /** 明白卡 / service list / office list for the person's jurisdiction, from the rule pack in force and the offices. */
  async printable(ctx: RequestContext, personId: string, kind: 'policy-card' | 'service-list' | 'office-list'): Promise<{ pdf: Buffer; filename: string }> {
    const person = await this.core.visiblePerson(ctx, personId, 'service.printable');
    const today = this.core.today();
    const pack = this.core.registry.resolve(person.jurisdictionCode, today);
    const [jurisdictionName, offices] = await Promise.all([this.core.repo.divisionName(person.jurisdictionCode), this.core.repo.officesFor(person.jurisdictionCode)]);
    const officeLines = offices.map((o) => `${o.name}  地址：${o.address}  电话：${o.phone}`);
    const packages = Object.entries(pack.params.classification).filter((e): e is [string, NonNullable<(typeof e)[1]>] => !!e[1]);
    const packageLine = ([key, p]: [string, { value: { services: readonly string[]; textZh: string }; source: { doc: string; clause: string } }]) =>
      `${key}：${p.value.textZh}（${p.value.services.map((x) => SERVICE_TYPE_ZH[x as ServiceType] ?? x).join('、')}；${p.source.doc} ${p.source.clause}）`;
    let title: string;
    let sections: Section[];
    if (kind === 'office-list') {
      title = '公共就业服务机构名单';
      sections = [{ heading: `${jurisdictionName} 及上级公共就业服务机构`, lines: officeLines }];
    } else if (kind === 'service-list') {
      title = '就业服务清单';
      sections = [
        { heading: '分类服务（按求职意愿）', lines: packages.map(packageLine) },
        { heading: '最低服务标准', lines: Object.values(pack.params.obligations).filter((o): o is NonNullable<typeof o> => !!o).map((o) => `${o.textZh}（${o.source.doc} ${o.source.clause}）`) },
      ];
    } else {
      title = '就业政策明白卡';
      const st = await this.states.state(ctx, person.id, person);
      const mine = packages.find(([k]) => k === (person.intention ?? ''));
      sections = [
        { heading: '您的服务包', lines: mine ? [packageLine(mine)] : ['尚未登记求职意愿，请与社区（村）经办人员联系确定服务包。'] },
        {
          heading: '您可获得的服务',
          lines: st.obligations.map((o) => `${o.textZh}：至少 ${o.required} 次${o.dueBy ? `，${o.dueBy} 前` : ''}（已提供 ${o.delivered} 次；${o.source}）`),
        },
        { heading: '定期联系', lines: st.followUp?.nextDueBy ? [`经办人员将定期与您联系，下次最迟 ${st.followUp.nextDueBy}。`] : [] },
        { heading: '经办机构', lines: officeLines.slice(0, 3) },
      ];
    }
    const pdf = await renderPrintable({ title, subtitle: `${person.name}  ${jurisdictionName}  适用规则：${pack.name}（${pack.id}@${pack.version}）`, sections, footer: `打印日期 ${today}。依据 XC23 三(二)1（信息服务：政策清单、机构名单）、XC23 四(二)（政策明白卡）。` });
    ctx.audit = { action: `service.printable.${kind}`, resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { pdf, filename: `${kind}-${person.id}.pdf` };
  }
}
