import { z } from 'zod';
import { ZUuidParam } from '../../contract/index.ts';
import {
  ZFactBody,
  ZFourClearsSettings,
  ZFourClearsSettingsBody,
  ZFourClearsSettingsQuery,
  ZFourClearsSummary,
  ZFourClearsSummaryQuery,
  ZMarkEndBody,
  ZMarkInput,
  ZMergeBody,
  ZPersonCreateBody,
  ZPersonCreated,
  ZPersonEvent,
  ZPersonFile,
  ZPersonGetQuery,
  ZPersonListItemEx,
  ZPersonSearchQuery,
  ZPersonUpdateBody,
  ZPossibleDuplicate,
  ZReasonBody,
  ZRevealAnswer,
  ZRevealFieldsBody,
} from '../../contract/persons.ts';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';

export function registerPersonRoutes(api: Api, services: Services): void {
  const { persons, fourClears, personMerge } = services;

  api.get(
    '/v1/persons',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'Search person files in the user’s subtree (masked): ID number, phone, name, pinyin, mark, status',
        querystring: ZPersonSearchQuery,
        response: { 200: z.object({ items: z.array(ZPersonListItemEx), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => persons.list(req.ctx, req.query),
  );

  registerListExport(api, '/v1/persons/export.xlsx', {
    permission: 'person.read',
    tag: 'persons',
    summary: 'The current search of the persons list',
    querystring: ZPersonSearchQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'persons', columns: PERSON_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: (page, pageSize) => persons.list(ctx, { ...q, page, pageSize }) }),
  });

  api.post(
    '/v1/persons',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Create a person file (identity checked; one file per ID number; possible duplicates listed)',
        body: ZPersonCreateBody,
        response: { 201: ZPersonCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await persons.create(req.ctx, req.body)),
  );

  api.get(
    '/v1/persons/four-clears/summary',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'Four clears (四清) complete per child jurisdiction, in per cent',
        querystring: ZFourClearsSummaryQuery,
        response: { 200: ZFourClearsSummary },
      },
    },
    async (req) => fourClears.summary(req.ctx, req.query.jurisdiction),
  );

  api.get(
    '/v1/persons/four-clears/settings',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'Age after which a four-clears fact is stale in a jurisdiction (its own setting, else the nearest ancestor’s)',
        querystring: ZFourClearsSettingsQuery,
        response: { 200: ZFourClearsSettings },
      },
    },
    async (req) => fourClears.settings(req.ctx, req.query.jurisdiction),
  );

  api.put(
    '/v1/persons/four-clears/settings',
    {
      config: { permission: 'settings.write' },
      schema: {
        tags: ['persons'],
        summary: 'Set the staleness age of four-clears facts for a jurisdiction in one’s own subtree (default: one’s own) and below',
        body: ZFourClearsSettingsBody,
        response: { 200: ZFourClearsSettings },
      },
    },
    async (req) => fourClears.setStaleAfterDays(req.ctx, req.body.staleAfterDays, req.body.jurisdiction),
  );

  api.get(
    '/v1/persons/:id',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'One person file (masked; audited), or as it was at the end of `asOf`',
        params: ZUuidParam,
        querystring: ZPersonGetQuery,
        response: { 200: ZPersonFile },
      },
    },
    async (req) => persons.get(req.ctx, req.params.id, req.query),
  );

  api.patch(
    '/v1/persons/:id',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Change facts of a file (optimistic concurrency on `version`; a dated, attributed event)',
        params: ZUuidParam,
        body: ZPersonUpdateBody,
        response: { 200: ZPersonFile },
      },
    },
    async (req) => persons.update(req.ctx, req.params.id, req.body),
  );

  api.get(
    '/v1/persons/:id/history',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'Every change of the file, oldest first (events of merged files marked `mergedFrom`)',
        params: ZUuidParam,
        querystring: ZPersonGetQuery.pick({ includeHidden: true }),
        response: { 200: z.object({ items: z.array(ZPersonEvent) }) },
      },
    },
    async (req) => persons.history(req.ctx, req.params.id, req.query.includeHidden === true),
  );

  api.get(
    '/v1/persons/:id/duplicates',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Possible duplicates: same ID number, or two of name, birth date and phone',
        params: ZUuidParam,
        response: { 200: z.object({ items: z.array(ZPossibleDuplicate.extend({ matched: z.array(z.enum(['idNumber', 'name', 'birthDate', 'phone'])) })) }) },
      },
    },
    async (req) => personMerge.duplicates(req.ctx, req.params.id),
  );

  api.post(
    '/v1/persons/:id/merge',
    {
      config: { permission: 'person.merge' },
      schema: {
        tags: ['persons'],
        summary: 'Merge a duplicate file into this one (both histories kept; the duplicate hidden, not deleted)',
        params: ZUuidParam,
        body: ZMergeBody,
        response: { 200: ZPersonFile },
      },
    },
    async (req) => personMerge.merge(req.ctx, req.params.id, req.body.duplicateId, req.body.reason),
  );

  api.post(
    '/v1/persons/:id/marks',
    {
      config: { permission: 'person.write' },
      schema: { tags: ['persons'], summary: 'Add a mark with its source and date', params: ZUuidParam, body: ZMarkInput, response: { 200: ZPersonFile } },
    },
    async (req) => persons.addMark(req.ctx, req.params.id, req.body),
  );

  api.post(
    '/v1/persons/:id/marks/end',
    {
      config: { permission: 'person.write' },
      schema: { tags: ['persons'], summary: 'End an active mark', params: ZUuidParam, body: ZMarkEndBody, response: { 200: ZPersonFile } },
    },
    async (req) => persons.endMark(req.ctx, req.params.id, req.body),
  );

  api.post(
    '/v1/persons/:id/facts',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Record one of the four clears as gathered on a date (with the fact)',
        params: ZUuidParam,
        body: ZFactBody,
        response: { 200: ZPersonFile },
      },
    },
    async (req) => fourClears.recordFact(req.ctx, req.params.id, req.body),
  );

  // Issue 11 (trust): the office's second factor for citizen sign-up, and confirming a self-reported identity.
  api.post(
    '/v1/persons/:id/activation-code',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Issue an in-person activation code (开通码) for a citizen account on this file; shown once, stored hashed, single-use, expiring',
        params: ZUuidParam,
        response: { 201: z.object({ code: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await persons.issueActivationCode(req.ctx, req.params.id)),
  );

  api.post(
    '/v1/persons/:id/identity-confirmation',
    {
      config: { permission: 'person.write' },
      schema: {
        tags: ['persons'],
        summary: 'Confirm in person the identity on a file a citizen created at sign-up (核实身份)',
        params: ZUuidParam,
        body: z.object({ note: z.string().trim().min(1).max(200).optional() }).strict(),
        response: { 200: ZPersonFile },
      },
    },
    async (req) => persons.confirmIdentity(req.ctx, req.params.id, req.body.note),
  );

  api.post(
    '/v1/persons/:id/deletion-request',
    {
      config: { permission: 'person.deletion_request' },
      schema: {
        tags: ['persons'],
        summary: 'Record a deletion request and hide the file (never hard-deleted)',
        params: ZUuidParam,
        body: ZReasonBody,
        response: { 200: z.object({ id: z.string(), hiddenAt: z.string() }) },
      },
    },
    async (req) => persons.requestDeletion(req.ctx, req.params.id, req.body.reason),
  );

  api.post(
    '/v1/persons/:id/reveal',
    {
      config: { permission: 'person.reveal' },
      schema: {
        tags: ['persons'],
        summary: 'Full ID number and phone (or the listed fields: disability grade, income), audited with the reason',
        params: ZUuidParam,
        body: ZRevealFieldsBody,
        response: { 200: ZRevealAnswer },
      },
    },
    async (req) => persons.reveal(req.ctx, req.params.id, req.body.reason, req.body.fields),
  );
}

/** The persons list's columns, masked as listed. */
const PERSON_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof ZPersonListItemEx>>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (p) => p.name },
  { header: { zh: '性别', en: 'Sex' }, value: (p) => p.sex },
  { header: { zh: '出生日期', en: 'Birth date' }, value: (p) => p.birthDate },
  { header: { zh: '身份证号', en: 'ID number' }, value: (p) => p.idNumberMasked, width: 22 },
  { header: { zh: '手机', en: 'Phone' }, value: (p) => p.phoneMasked },
  { header: { zh: '就业状态', en: 'Employment status' }, value: (p) => p.employmentStatus },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (p) => p.jurisdiction.name, width: 24 },
  { header: { zh: '标记', en: 'Marks' }, value: (p) => p.marks.join(', '), width: 30 },
];
