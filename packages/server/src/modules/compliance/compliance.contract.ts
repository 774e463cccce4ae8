/** The compliance slice's contract: queries and complete answers; the service's result types are inferred from them. */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { ZListSort } from '../../contract/list-query.ts';

/** The compliance measures a number (and its people) can be asked for. */
export const MEASURES = ['obligations', 'follow_up', 'first_contact', 'stale'] as const;
export type Measure = (typeof MEASURES)[number];

const ZRate = z.number().nullable();
const ZPlace = z.object({ code: z.string(), name: z.string() });

/** One jurisdiction's numbers (or the total over all of them). */
export const ZComplianceRow = z.object({
  jurisdiction: ZPlace,
  registrants: z.number(),
  obligations: z.object({ required: z.number(), met: z.number(), overdue: z.number(), rate: ZRate, people: z.number(), peopleAllMet: z.number() }),
  followUp: z.object({ due: z.number(), onTime: z.number(), rate: ZRate }),
  firstContact: z.object({ due: z.number(), withinDeadline: z.number(), rate: ZRate }),
  staleFiles: z.object({ longTerm: z.number(), stale: z.number() }),
});
export const ZComplianceSummary = z.object({ jurisdiction: ZPlace, asOf: z.string(), total: ZComplianceRow, items: z.array(ZComplianceRow) });
export type TComplianceSummary = z.infer<typeof ZComplianceSummary>;

export const ZCompliancePerson = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  tier: z.string(),
  level: z.string(),
  registeredOn: z.string(),
  obligations: z.object({ required: z.number(), met: z.number(), overdue: z.number() }),
  followUpDue: z.string().nullable(),
  followUpOverdue: z.boolean(),
  firstContactDeadline: z.string().nullable(),
  firstContactOn: z.string().nullable(),
  stale: z.boolean(),
  fileVerifiedOn: z.string().nullable(),
});
export const ZCompliancePeople = z.object({
  jurisdiction: z.string(),
  measure: z.enum(MEASURES),
  status: z.enum(['failing', 'ok']),
  asOf: z.string(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(ZCompliancePerson),
});
export type TCompliancePeople = z.infer<typeof ZCompliancePeople>;

export const ZComplianceQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
/** The people list's sortable columns (`jurisdiction`: by place, then name — the default). */
export const COMPLIANCE_PEOPLE_SORTS = ['jurisdiction', 'name', 'registeredOn', 'followUpDue', 'firstContactDeadline'] as const;
export type CompliancePeopleSort = (typeof COMPLIANCE_PEOPLE_SORTS)[number];
export const ZCompliancePeopleQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    measure: z.enum(MEASURES),
    status: z.enum(['failing', 'ok']).default('failing'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .extend(ZListSort(COMPLIANCE_PEOPLE_SORTS, { sort: 'jurisdiction', order: 'asc' }).shape)
  .strict();
export type TCompliancePeopleQuery = z.infer<typeof ZCompliancePeopleQuery>;
