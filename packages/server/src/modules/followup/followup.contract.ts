/** The follow-up slice's contract: citizen self-reports and the caseworker's verification of "I found a job". */
import { z } from 'zod';
import { EMPLOYMENT_TYPES, ZEmploymentBody } from '../registration/registration.contract.ts';

export const SELF_REPORT_KINDS = ['progress', 'found_job'] as const;
export const SELF_REPORT_STATES = ['recorded', 'pending', 'confirmed', 'rejected'] as const;

export const ZProgressReportBody = z
  .object({
    /** What the person did to find work since the last report. */
    note: z.string().trim().min(2).max(500),
    applications: z.number().int().min(0).max(1000).optional(),
    interviews: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type TProgressReportBody = z.infer<typeof ZProgressReportBody>;

/** "I found a job": what the employment registration needs, bar the credit code (the caseworker may add it). */
export const ZFoundJobBody = ZEmploymentBody.omit({ employerCreditCode: true }).strict();
export type TFoundJobBody = z.infer<typeof ZFoundJobBody>;

export const ZSelfReport = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(SELF_REPORT_KINDS),
  state: z.enum(SELF_REPORT_STATES),
  note: z.string().nullable(),
  applications: z.number().nullable(),
  interviews: z.number().nullable(),
  employerName: z.string().nullable(),
  startedOn: z.string().nullable(),
  type: z.enum(EMPLOYMENT_TYPES).nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Why a caseworker did not confirm it (shown to the person). */
  reason: z.string().nullable(),
  /** The employment registration a confirmation made. */
  employmentId: z.string().nullable(),
});
export type TSelfReport = z.infer<typeof ZSelfReport>;
export const ZSelfReports = z.object({ items: z.array(ZSelfReport) });
export type TSelfReports = z.infer<typeof ZSelfReports>;

export const ZSelfReportParams = z.object({ personId: z.uuid(), id: z.uuid() }).strict();
/** Confirming: the caseworker may add the employer's 统一社会信用代码. */
export const ZConfirmBody = ZEmploymentBody.pick({ employerCreditCode: true }).strict();
export const ZRejectBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
