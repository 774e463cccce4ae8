/**
 * The code lists the API speaks, published by name in the OpenAPI document (`components.schemas`), so the console
 * generates its option lists from the document instead of copying the rules package (`npm run contract` writes
 * packages/web/src/api/codes.ts). Each list is the one the server validates with; nothing is repeated here.
 */
import { z } from 'zod';
import {
  DEREGISTRATION_REASONS,
  EMPLOYMENT_STATUSES,
  INTENTIONS,
  LABOR_CAPACITIES,
  LEVELS,
  MARKS,
  PLACE_BASES,
  REGISTRATION_KINDS,
  SERVICE_TYPES,
  TIERS,
} from '@bangfu/rules';
import { ROLES } from '../access/roles.ts';
import { CLEARS, EDUCATION_LEVELS, FACT_SOURCES, RELATIONSHIPS } from './persons.ts';
import { AUDIT_OUTCOMES } from './index.ts';
import { EMPLOYMENT_TYPES, FIRST_CONTACT_CHANNELS, REGISTRATION_MARKS, UNEMPLOYMENT_REASONS } from '../modules/registration/registration.contract.ts';
import { JOB_RESULTS, PRINTABLE_KINDS } from '../modules/services/services.contract.ts';
import { WORK_KINDS } from '../modules/worklist/items.ts';
import { MEASURES } from '../modules/compliance/compliance.service.ts';
import { IMPORT_KINDS } from '../modules/imports/columns.ts';
import { COMPLAINT_CHANNELS, EXIT_REASONS as POST_EXIT_REASONS } from '../modules/posts/posts.contract.ts';
import { REFERRAL_KINDS, REFERRAL_STATUSES } from '../modules/referrals/referrals.contract.ts';

/** Division levels, root to leaf (a jurisdiction's `level`). */
export const DIVISION_LEVELS = ['nation', 'province', 'city', 'county', 'township', 'village'] as const;

const named = <T extends readonly [string, ...string[]]>(values: T, description: string) => z.enum(values).describe(description);

/** Every published list, by component name (also what the console's codes.ts exports). */
export const CODE_LISTS = {
  Role: named(ROLES, 'Role of a user account'),
  DivisionLevel: named(DIVISION_LEVELS, 'Administrative division level'),
  Mark: named(MARKS, 'Person marks (CODES.md; older and long_term_unemployed are derived)'),
  EmploymentStatus: named(EMPLOYMENT_STATUSES, 'Employment status'),
  Tier: named(TIERS, 'Unemployment-duration tier'),
  ServiceLevel: named(LEVELS, 'Service level'),
  LaborCapacity: named(LABOR_CAPACITIES, 'Capacity to work'),
  Intention: named(INTENTIONS, 'Employment intention'),
  EducationLevel: named(EDUCATION_LEVELS, 'Education (文化程度), ascending'),
  Relationship: named(RELATIONSHIPS, 'Relationship to the household head'),
  FactSource: named(FACT_SOURCES, 'How a fact was gathered'),
  Clear: named(CLEARS, 'The four clears (四清)'),
  PlaceBasis: named(PLACE_BASES, 'Basis of the registration place'),
  RegistrationKind: named(REGISTRATION_KINDS, 'Kind of registration'),
  DeregistrationReason: named(DEREGISTRATION_REASONS, 'Reason of a deregistration'),
  UnemploymentReason: named(UNEMPLOYMENT_REASONS, 'Reason of unemployment'),
  RegistrationMark: named(REGISTRATION_MARKS, 'Marks recorded at registration'),
  ContactChannel: named(FIRST_CONTACT_CHANNELS, 'Channel of the first contact'),
  EmploymentType: named(EMPLOYMENT_TYPES, 'Type of a registered employment'),
  ServiceType: named(SERVICE_TYPES, 'Type of a service record'),
  JobResult: named(JOB_RESULTS, 'Result of a job recommendation'),
  PrintableKind: named(PRINTABLE_KINDS, 'Printable documents of a person'),
  WorkKind: named(WORK_KINDS, 'Kinds of worklist items'),
  ComplianceMeasure: named(MEASURES, 'Compliance measures'),
  ImportKind: named(IMPORT_KINDS, 'Kinds of bulk import'),
  AuditOutcome: named(AUDIT_OUTCOMES, 'Outcome of an audited action'),
  PostExitReason: named(POST_EXIT_REASONS, 'Reason a placement in a public-welfare post ended'),
  ComplaintChannel: named(COMPLAINT_CHANNELS, 'Channel of a complaint about a post'),
  ReferralKind: named(REFERRAL_KINDS, 'Kind of referral to civil affairs'),
  ReferralStatus: named(REFERRAL_STATUSES, 'Status of a referral to civil affairs'),
} as const;

/** The lists as OpenAPI 3.0 schemas, for `components.schemas` of the document. */
export function codeListSchemas(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(CODE_LISTS).map(([name, schema]) => [name, z.toJSONSchema(schema, { target: 'openapi-3.0' })]));
}
