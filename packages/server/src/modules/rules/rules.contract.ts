/** The rules slice's contract: pack listings (the pack in force and what-if evaluation answer the rules package's own structures). */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';

/** A rule pack and its effective period (`effectiveTo` absent: open-ended). */
export const ZPackEntry = z.object({
  id: z.string(),
  version: z.string(),
  jurisdictionPrefix: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().optional(),
});
export const ZPackList = z.object({ items: z.array(ZPackEntry) });
export type TPackList = z.infer<typeof ZPackList>;

export const ZHistoryQuery = z.object({ jurisdiction: ZDivisionCode }).strict();
export const ZInForceQuery = z.object({ jurisdiction: ZDivisionCode, asOf: z.iso.date() }).strict();
