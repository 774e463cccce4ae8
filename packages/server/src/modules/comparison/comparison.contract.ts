/** Request and response schemas of the comparison API (mirrored in docs/comparison.md). */
import { z } from 'zod';
import type { FindingWithPerson, RunRow } from './comparison.repository.ts';
import { DATASET_KINDS } from './datasets.ts';

const ZDivision = z.string().regex(/^\d{12}$/, '12 位区划代码 / 12-digit division code');

export const ZRunsQuery = z
  .object({
    state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']).optional(),
    kind: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const ZRun = z.object({
  id: z.string(),
  datasetKind: z.string(),
  /** Registry checks (no file): `stale` (R7.5) or `hardship` (R7.4). */
  check: z.enum(['stale', 'hardship']).nullable(),
  partner: z.string(),
  fileName: z.string().nullable(),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  contentSha256: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  state: z.string(),
  phase: z.string().nullable(),
  progress: z.object({ fraction: z.number(), rowsRead: z.number(), etaSeconds: z.number().nullable() }).nullable(),
  headers: z.array(z.string()).nullable(),
  mapping: z.record(z.string(), z.string()).nullable(),
  rowsRead: z.number(),
  rowsValid: z.number(),
  rowsRejected: z.number(),
  /** Match and findings counts: null for callers without findings access (partners see file-level counts only). */
  registrants: z.number().nullable(),
  matches: z.number().nullable(),
  findingsCreated: z.number().nullable(),
  timings: z.record(z.string(), z.number()).nullable(),
  attempts: z.number(),
  error: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  jurisdictionCode: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  /** When the current attempt began (after a crash: when the restarted server took the run up). */
  claimedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/**
 * A run as answered. `counts: false` (partners: comparison.runs without comparison.read) leaves out how many
 * registrants, matches and findings the file produced: those would tell a partner whether the persons of a one-row
 * file are registered (an oracle); rows read and rejected are about the file alone.
 */
export function runView(r: RunRow, access: { counts: boolean } = { counts: true }): z.infer<typeof ZRun> {
  return {
    id: r.id,
    datasetKind: r.datasetKind,
    check: r.datasetKind === 'registry' ? (r.options?.check === 'hardship' ? 'hardship' : 'stale') : null,
    partner: r.partner,
    fileName: r.fileName,
    format: r.format,
    encoding: r.encoding,
    contentSha256: r.contentSha256,
    sizeBytes: r.sizeBytes,
    state: r.state,
    phase: r.phase,
    progress: r.progress ?? null,
    headers: r.headers ?? null,
    mapping: r.mapping ?? null,
    rowsRead: r.rowsRead,
    rowsValid: r.rowsValid,
    rowsRejected: r.rowsRejected,
    registrants: access.counts ? r.registrants : null,
    matches: access.counts ? r.matches : null,
    findingsCreated: access.counts ? r.findingsCreated : null,
    timings: access.counts ? (r.timings ?? null) : null,
    attempts: r.attempts,
    error: r.error ?? null,
    jurisdictionCode: r.jurisdictionCode,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    claimedAt: r.claimedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export const ZFindingsQuery = z
  .object({
    state: z.enum(['pending', 'applying', 'confirmed', 'dismissed']).optional(),
    kind: z.enum([...DATASET_KINDS, 'registry']).optional(),
    category: z.enum(['verification', 'discovery', 'referral', 'stale']).optional(),
    jurisdiction: ZDivision.optional(),
    runId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ZFinding = z.object({
  id: z.string(),
  personId: z.string(),
  personKnown: z.boolean(),
  /** The person's file (known persons): name and masked ID number, as in every list. */
  person: z.object({ name: z.string(), idNumberMasked: z.string() }).nullable(),
  subject: z.object({ name: z.string().nullable(), idMasked: z.string().nullable() }).nullable(),
  runId: z.string(),
  category: z.string(),
  datasetKind: z.string(),
  rule: z.string(),
  evidenceKey: z.string(),
  proposedAction: z.record(z.string(), z.unknown()),
  evidence: z.array(z.record(z.string(), z.unknown())),
  criteria: z.array(z.record(z.string(), z.unknown())).nullable(),
  state: z.string(),
  jurisdictionCode: z.string(),
  registrationId: z.string().nullable(),
  createdAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  dismissReason: z.string().nullable(),
  applied: z.record(z.string(), z.unknown()).nullable(),
});

export function findingView(f: FindingWithPerson): z.infer<typeof ZFinding> {
  return {
    id: f.id,
    personId: f.personId,
    personKnown: f.personKnown,
    person: f.personName !== null && f.personIdMasked !== null ? { name: f.personName, idNumberMasked: f.personIdMasked } : null,
    // The encrypted ID number and its blind index never leave the server.
    subject: f.subject ? { name: f.subject.name ?? null, idMasked: f.subject.idMasked ?? null } : null,
    runId: f.runId,
    category: f.category,
    datasetKind: f.datasetKind,
    rule: f.rule,
    evidenceKey: f.evidenceKey,
    proposedAction: f.proposedAction,
    evidence: f.evidence,
    criteria: f.criteria ?? null,
    state: f.state,
    jurisdictionCode: f.jurisdictionCode,
    registrationId: f.registrationId,
    createdAt: f.createdAt.toISOString(),
    decidedByName: f.decidedByName,
    decidedAt: f.decidedAt?.toISOString() ?? null,
    dismissReason: f.dismissReason,
    applied: f.applied ?? null,
  };
}

export const ZFindingPage = z.object({ items: z.array(ZFinding), total: z.number(), page: z.number(), pageSize: z.number() });

/** `employerName`: required to confirm an employment finding whose file gave no employer name. */
export const ZConfirmBody = z.object({ note: z.string().trim().max(500).optional(), employerName: z.string().trim().max(200).optional() }).strict().optional();
export const ZDismissBody = z.object({ reason: z.string().trim().min(1, '驳回须填写理由 / a reason is required').max(500) }).strict();

export const ZSummaryQuery = z.object({ jurisdiction: ZDivision.optional() }).strict();
export const ZSummary = z.object({
  jurisdiction: z.string(),
  items: z.array(
    z.object({
      jurisdiction: z.object({ code: z.string(), name: z.string() }),
      datasetKind: z.string(),
      pending: z.number(),
      confirmed: z.number(),
      dismissed: z.number(),
      total: z.number(),
      confirmedRate: z.number().nullable(),
      decidedRate: z.number().nullable(),
    }),
  ),
});

export const ZStaleBody = z.object({ months: z.number().int().min(1).max(120).optional() }).strict();
export const ZHardshipBody = z.object({}).strict().optional();

export const ZMappingParams = z.object({ partner: z.string().min(1).max(100), kind: z.string().min(1).max(40) }).strict();
export const ZMappingBody = z.object({ mapping: z.record(z.string(), z.string().min(1).max(200)) }).strict();

export const ZDatasets = z.object({
  items: z.array(
    z.object({
      kind: z.string(),
      zh: z.string(),
      en: z.string(),
      partnerZh: z.string(),
      source: z.string(),
      comparison: z.string(),
      fields: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), type: z.string(), required: z.boolean(), aliases: z.array(z.string()) })),
    }),
  ),
});
