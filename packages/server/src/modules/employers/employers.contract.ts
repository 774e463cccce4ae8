/**
 * The employers slice's contract (用人单位, R9.2): bodies and complete answers. Credit codes are checked against
 * GB 32100-2015 in the service (the check character), so a wrong code is refused naming the character.
 */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';

export const EMPLOYER_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const EMPLOYER_STATES = ['active', 'pending'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
export const ZId = z.object({ id: z.uuid() }).strict();
const ZCreditCode = z.string().trim().min(1).max(40);
const ZContact = z.object({ name: text(50), phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'phone: digits'), role: text(50).optional() }).strict();

export const ZEmployerBody = z
  .object({
    creditCode: ZCreditCode,
    name: text(200),
    industry: text(100),
    size: z.enum(EMPLOYER_SIZES),
    jurisdictionCode: ZDivisionCode,
    address: text(200),
    contacts: z.array(ZContact).max(10).default([]),
    keyEnterprise: z.boolean().default(false),
    internshipUnit: z.boolean().default(false),
    employmentBase: z.boolean().default(false),
    serviceOfficer: text(50).nullable().optional(),
  })
  .strict();
export type TEmployerBody = z.infer<typeof ZEmployerBody>;

export const ZEmployerPatch = ZEmployerBody.omit({ creditCode: true }).partial().strict();
export type TEmployerPatch = z.infer<typeof ZEmployerPatch>;

export const ZEmployerListQuery = z
  .object({ jurisdiction: ZDivisionCode.optional(), keyEnterprise: z.enum(['true', 'false']).optional(), state: z.enum(EMPLOYER_STATES).optional(), q: z.string().trim().max(100).optional() })
  .strict();

export const ZEmployer = z.strictObject({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  industry: z.string(),
  size: z.string(),
  jurisdictionCode: z.string(),
  jurisdictionName: z.string(),
  address: z.string(),
  contacts: z.array(z.strictObject({ name: z.string(), phone: z.string(), role: z.string().optional() })),
  keyEnterprise: z.boolean(),
  internshipUnit: z.boolean(),
  employmentBase: z.boolean(),
  serviceOfficer: z.string().nullable(),
  state: z.enum(EMPLOYER_STATES),
  createdAt: z.string(),
});
export type TEmployer = z.infer<typeof ZEmployer>;

export const ZEmployerDetail = ZEmployer.extend({
  postings: z.strictObject({ total: z.number(), published: z.number(), openings: z.number(), filled: z.number() }),
  accounts: z.array(z.strictObject({ userId: z.string(), username: z.string(), active: z.boolean() })),
});
export type TEmployerDetail = z.infer<typeof ZEmployerDetail>;

export const ZEmployerList = z.strictObject({ items: z.array(ZEmployer) });

/** Self sign-up by credit code (public): the account waits for an operator's activation. */
export const ZEmployerSignupBody = ZEmployerBody.pick({ creditCode: true, name: true, industry: true, size: true, jurisdictionCode: true, address: true })
  .extend({
    contact: ZContact,
    username: z.string().regex(/^[a-zA-Z0-9._-]{3,64}$/, 'username: 3–64 letters, digits, . _ -'),
    password: z.string().min(1).max(256),
  })
  .strict();
export type TEmployerSignupBody = z.infer<typeof ZEmployerSignupBody>;

export const ZEmployerSignup = z.strictObject({ employerId: z.string(), state: z.enum(EMPLOYER_STATES), username: z.string(), active: z.literal(false) });
