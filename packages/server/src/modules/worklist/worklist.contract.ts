/** The worklist slice's contract: queries and complete answers; the service's result types are inferred from them. */
import { z } from 'zod';
import { SERVICE_TYPES } from '@bangfu/rules';
import { ZDivisionCode } from '../../contract/index.ts';
import { WORK_KINDS } from './items.ts';

/** One unmet obligation rule inside a person's `obligation` item. */
export const ZOwedService = z.object({
  rule: z.string(),
  service: z.enum(SERVICE_TYPES),
  min: z.number(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  textZh: z.string(),
  textEn: z.string(),
  source: z.string(),
});
export type OwedService = z.infer<typeof ZOwedService>;

export const ZWorkItem = z.object({
  kind: z.enum(WORK_KINDS),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  /** null: open-ended (e.g. a Level II plan with no deadline). */
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  textZh: z.string(),
  textEn: z.string(),
  rule: z.string().nullable(),
  source: z.string().nullable(),
  action: z.object({ serviceType: z.enum(SERVICE_TYPES), channel: z.string(), href: z.string() }),
  /** `obligation` items: every unmet obligation rule of the person, earliest deadline first. */
  obligations: z.array(ZOwedService).optional(),
  /** Priority items (CQ25 四: the re-unemployed). */
  priority: z.boolean().optional(),
  /** The record behind a `reunemployed` (registration id) or `verify_employment` (self-report id) item. */
  ref: z.string().optional(),
  /** `verify_employment`: what the person reported; `reunemployed`: the earlier employment. */
  employment: z.object({ employerName: z.string(), startedOn: z.string(), type: z.string() }).optional(),
});
export type WorkItem = z.infer<typeof ZWorkItem>;

export const ZWorklist = z.object({
  jurisdiction: z.string(),
  asOf: z.string(),
  total: z.number(),
  overdue: z.number(),
  groups: z.array(z.object({ kind: z.enum(WORK_KINDS), total: z.number(), overdue: z.number(), items: z.array(ZWorkItem) })),
});
export type TWorklist = z.infer<typeof ZWorklist>;

export const ZReminder = z.object({ id: z.string(), personId: z.string(), kind: z.string(), dueOn: z.string(), textZh: z.string(), textEn: z.string(), createdAt: z.string() });
export const ZReminders = z.object({ items: z.array(ZReminder) });
export type TReminders = z.infer<typeof ZReminders>;
export const ZReminderRead = z.object({ id: z.string(), read: z.boolean() });
export type TReminderRead = z.infer<typeof ZReminderRead>;

export const ZWorklistQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    kind: z.enum(WORK_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export const ZRemindersQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
export const ZReminderParams = z.object({ personId: z.uuid(), id: z.uuid() }).strict();
