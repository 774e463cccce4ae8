/**
 * Notification templates: one id per message, with the payload fields it needs, in zh-CN (what the person receives)
 * and English (for staff using the English console). `{name}` placeholders are filled from the payload.
 */
export const NOTIFICATION_CHANNELS = ['sms', 'in_app', 'letter'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationTemplate {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly fields: readonly string[];
  /** Why the person must be told. */
  readonly source: string;
  /** `staff`: sent to a staff member (`recipient_user_id`) about the person; absent: to the person themself. */
  readonly audience?: 'staff';
  /** The template code registered with the SMS provider (the provider renders its own approved wording). */
  readonly smsTemplateCode: string;
}

export const TEMPLATES = {
  'registration.deregistered': {
    id: 'registration.deregistered',
    zh: '{name}您好：您的失业登记（编号 {registrationNo}）已于 {on} 注销，原因：{reasonZh}。如有异议请联系{officeName}（{officePhone}）。',
    en: 'Dear {name}: your unemployment registration {registrationNo} was cancelled on {on}, reason: {reason}. Contact {officeName} ({officePhone}) if you disagree.',
    fields: ['name', 'registrationNo', 'on', 'reason', 'reasonZh', 'officeName', 'officePhone'],
    source: 'NM24 三; XC23 三(四)（注销失业登记应告知本人）',
    smsTemplateCode: 'SMS_BANGFU_DEREGISTERED',
  },
  'registration.created': {
    id: 'registration.created',
    zh: '{name}您好：您的{kindZh}已办理（编号 {registrationNo}，{on}）。经办机构将在 {firstContactDeadline} 前与您联系；咨询请致电{officeName}（{officePhone}）。',
    en: 'Dear {name}: your {kind} registration {registrationNo} was made on {on}. The office will contact you by {firstContactDeadline}; questions: {officeName} ({officePhone}).',
    fields: ['name', 'kind', 'kindZh', 'registrationNo', 'on', 'firstContactDeadline', 'officeName', 'officePhone'],
    source: '人社厅发〔2020〕79号（登记后5个工作日内联系本人）',
    smsTemplateCode: 'SMS_BANGFU_REGISTERED',
  },
  'registration.ended_by_employment': {
    id: 'registration.ended_by_employment',
    zh: '{name}您好：已为您办理就业登记（{employerName}，{startedOn}起），您的失业登记（编号 {registrationNo}）相应终止。',
    en: 'Dear {name}: your employment with {employerName} from {startedOn} was registered and your unemployment registration {registrationNo} ended.',
    fields: ['name', 'employerName', 'startedOn', 'registrationNo'],
    source: 'NM24 三; XC23 三(四)（就业的注销失业登记并告知本人）',
    smsTemplateCode: 'SMS_BANGFU_EMPLOYED',
  },
  'worklist.item_due': {
    id: 'worklist.item_due',
    zh: '{staffName}您好：{personName}（{jurisdictionCode}）的服务事项已到期：{textZh}。请在“服务找人”中处理。',
    en: 'Dear {staffName}: an item for {personName} ({jurisdictionCode}) is due: {textEn}. Open the worklist to act.',
    fields: ['staffName', 'personName', 'jurisdictionCode', 'kind', 'dueOn', 'textZh', 'textEn'],
    source: 'R8 服务找人：事项到期时提醒经办人员（站内提醒与消息）',
    audience: 'staff',
    smsTemplateCode: 'SMS_BANGFU_ITEM_DUE',
  },
  'staff.daily_digest': {
    id: 'staff.daily_digest',
    zh: '{staffName}您好：今日（{day}）有 {count} 项服务事项到期：{itemsZh}。请在“服务找人”中处理。',
    en: 'Dear {staffName}: {count} items are due today ({day}): {itemsEn}. Open the worklist to act.',
    fields: ['staffName', 'day', 'count', 'itemsZh', 'itemsEn'],
    source: 'issue 15：经办人员提醒每日汇总一条（不逐项发送）',
    audience: 'staff',
    smsTemplateCode: 'SMS_BANGFU_DAILY_DIGEST',
  },
  'policy.pushed': {
    id: 'policy.pushed',
    zh: '{name}您好：根据您在经办机构的信息，您可能符合“{policyName}”（{source}）。{content}办理机构：{office}。可登录“我的政策”查看并申请。',
    en: 'Dear {name}: from your file you may qualify for "{policyNameEn}" ({source}). Apply at {office} or under "Policies for me".',
    fields: ['name', 'policyId', 'policyVersion', 'policyName', 'policyNameEn', 'source', 'content', 'office'],
    source: 'NM24 一(三); CQ25 一（“点对点”推送政策内容、申请流程、经办渠道）',
    smsTemplateCode: 'SMS_BANGFU_POLICY_PUSHED',
  },
} as const satisfies Record<string, NotificationTemplate>;

export type TemplateId = keyof typeof TEMPLATES;

export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(TEMPLATES, id);
}

/** Fills `{name}` placeholders of a wording from the payload. */
export function fillText(text: string, payload: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = payload[key];
    return v === undefined || v === null ? '' : String(v);
  });
}

/** `wording`: an operator's text for the person's jurisdiction, in place of the built-in zh-CN text. */
export function renderTemplate(id: TemplateId, payload: Readonly<Record<string, unknown>>, lang: 'zh-CN' | 'en' = 'zh-CN', wording?: string): string {
  const t = TEMPLATES[id];
  return fillText(lang === 'en' ? t.en : (wording ?? t.zh), payload);
}

/** Placeholders of a wording that the template's payload does not carry (an operator's edit is refused with them). */
export function unknownVariables(id: TemplateId, text: string): string[] {
  const known = new Set<string>(TEMPLATES[id].fields);
  return [...new Set([...text.matchAll(/\{(\w*)\}/g)].map((m) => m[1] ?? ''))].filter((v) => !known.has(v));
}

/** Payload check at enqueue time: a missing field is a programming error, caught before the outbox row is written. */
export function checkPayload(id: TemplateId, payload: Readonly<Record<string, unknown>>): void {
  const missing = TEMPLATES[id].fields.filter((f) => payload[f] === undefined);
  if (missing.length > 0) throw new Error(`notification ${id}: payload lacks ${missing.join(', ')}`);
}
