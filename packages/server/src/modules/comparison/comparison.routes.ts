/**
 * Data comparison routes (`/api/v1/comparison/*`). Uploads are multipart (`kind`, `partner` fields before the
 * `file` part) and stream to the server's work directory while being counted — a partner file of hundreds of MB
 * never sits in memory; the run then goes to the in-process worker (answer 201 with the run, or 200 with the run
 * of the same content).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { ensurePrivateDir } from '../../db/client.ts';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZUuidParam } from '../../contract/index.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor } from '../../http/context.ts';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import { unknownKind, type ComparisonService } from './comparison.service.ts';
import { tempName } from './files.ts';
import { ZDatasets, ZDismissBody, ZConfirmBody, ZFinding, ZFindingPage, ZFindingsQuery, ZMappingBody, ZMappingParams, ZRun, ZRunsQuery, ZStaleBody, ZHardshipBody, ZSummary, ZSummaryQuery, findingView, runView } from './comparison.contract.ts';
import { isDatasetKind } from './datasets.ts';

/** Largest partner file accepted over HTTP (the CLI reads files of any size from disk). */
export const MAX_COMPARISON_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export function registerComparisonRoutes(api: Api, services: { comparison: ComparisonService; config: { dataDir: string; exportMaxRows: number } }): void {
  const cmp = services.comparison;
  api.addHook('onReady', async () => cmp.start());
  api.addHook('onClose', async () => cmp.stop());

  api.get(
    '/v1/comparison/datasets',
    { config: { permission: 'comparison.runs' }, schema: { tags: ['comparison'], summary: 'Partner dataset kinds and their column schemas', response: { 200: ZDatasets } } },
    async () => ({ items: cmp.datasets().map((d) => ({ kind: d.kind, zh: d.zh, en: d.en, partnerZh: d.partnerZh, source: d.source, comparison: d.comparison.type, fields: d.fields.map((f) => ({ ...f, aliases: [...f.aliases] })) })) }),
  );

  void api.register(async (child) => {
    const upload = child.withTypeProvider<ZodTypeProvider>();
    await upload.register(fastifyMultipart, { limits: { fileSize: MAX_COMPARISON_UPLOAD_BYTES, files: 1, fields: 10 } });
    upload.post(
      '/v1/comparison/files',
      {
        config: { permission: 'comparison.upload' },
        schema: { tags: ['comparison'], summary: 'Upload a partner file (multipart: kind, partner, then file); 201 new run, 200 the run of the same content', response: { 200: ZRun, 201: ZRun } },
      },
      async (req, reply) => {
        const actor = requireActor(req.ctx);
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const part = await req.file();
        if (!part) throw new AppError('COMPARISON_FILE_INVALID', { field: 'file', params: { detailZh: '请求中没有文件', detailEn: 'the request holds no file' } });
        const field = (name: string): string | undefined => {
          const f = part.fields[name];
          return f && !Array.isArray(f) && f.type === 'field' ? String(f.value) : undefined;
        };
        // Everything that can refuse the upload is checked before its body is accepted (the fields come first): a
        // refused file is never written.
        const kind = field('kind') ?? '';
        if (!isDatasetKind(kind)) throw unknownKind(kind);
        let mapping: Record<string, string> | undefined;
        const rawMapping = field('mapping');
        if (rawMapping) {
          try {
            mapping = z.record(z.string(), z.string()).parse(JSON.parse(rawMapping));
          } catch {
            throw new AppError('VALIDATION_FAILED', { field: 'mapping', params: { detail: 'mapping' }, issues: [{ field: 'mapping', messageZh: '列映射应为 JSON 对象 {字段: 表头}', messageEn: 'mapping must be a JSON object {field: header}' }] });
          }
        }
        const dir = join(services.config.dataDir, 'comparison');
        ensurePrivateDir(dir);
        // A private temp file while the request is checked; the import stores it encrypted and deletes it (a crash
        // leaves it to the start-up sweep).
        const path = tempName(dir, 'upload', 'part');
        try {
          await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
          if (part.file.truncated) throw new AppError('BODY_TOO_LARGE', { params: { limit: '4 GiB' } });
        } catch (e) {
          await rm(path, { force: true });
          throw e;
        }
        const { run, existing } = await cmp.importFile(
          { userId: actor.userId, username: actor.username, jurisdictionCode: actor.jurisdictionCode },
          { kind, partner: field('partner') ?? '', path, fileName: part.filename || 'upload.csv', owned: true, mapping },
        );
        req.ctx.audit = { action: 'comparison.upload', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode, detail: { kind, existing, sha256: run.contentSha256, fileName: run.fileName } };
        if (!existing) cmp.kick();
        return reply.code(existing ? 200 : 201).send(runView(run, cmp.runAccess(req.ctx)));
      },
    );
  });

  api.get(
    '/v1/comparison/runs',
    { config: { permission: 'comparison.runs' }, schema: { tags: ['comparison'], summary: 'Comparison runs in your area, newest first', querystring: ZRunsQuery, response: { 200: z.object({ items: z.array(ZRun) }) } } },
    async (req) => ({ items: (await cmp.listRuns(req.ctx, req.query)).map((r) => runView(r, cmp.runAccess(req.ctx))) }),
  );

  api.get(
    '/v1/comparison/runs/:id',
    { config: { permission: 'comparison.runs' }, schema: { tags: ['comparison'], summary: 'A run with its progress, counts and timings', params: ZUuidParam, response: { 200: ZRun } } },
    async (req) => runView(await cmp.getRun(req.ctx, req.params.id), cmp.runAccess(req.ctx)),
  );

  api.post(
    '/v1/comparison/runs/:id/cancel',
    { config: { permission: 'comparison.upload' }, schema: { tags: ['comparison'], summary: 'Cancel a queued or running run (no findings are written)', params: ZUuidParam, response: { 200: ZRun } } },
    async (req) => runView(await cmp.cancel(req.ctx, req.params.id), cmp.runAccess(req.ctx)),
  );

  api.get(
    '/v1/comparison/runs/:id/rejected.csv',
    { config: { permission: 'comparison.runs' }, schema: { tags: ['comparison'], summary: 'Rejected rows with their reasons (CSV, audited: holds ID numbers)', params: ZUuidParam } },
    async (req, reply) => {
      const csv = await cmp.rejectedCsv(req.ctx, req.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="rejected-${req.params.id}.csv"`).send(csv);
    },
  );

  api.post(
    '/v1/comparison/stale',
    { config: { permission: 'comparison.upload' }, schema: { tags: ['comparison'], summary: 'Check for stale files (active registrants without any update for N months)', body: ZStaleBody, response: { 201: ZRun } } },
    async (req, reply) => {
      const actor = requireActor(req.ctx);
      const run = await cmp.startStale({ userId: actor.userId, username: actor.username, jurisdictionCode: actor.jurisdictionCode }, req.body.months);
      req.ctx.audit = { action: 'comparison.stale', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode, detail: { months: req.body.months ?? null } };
      cmp.kick();
      return reply.code(201).send(runView(run, cmp.runAccess(req.ctx)));
    },
  );

  api.post(
    '/v1/comparison/hardship',
    { config: { permission: 'comparison.upload' }, schema: { tags: ['comparison'], summary: 'Check for registrants in hardship (referral to civil affairs, R7.4)', body: ZHardshipBody, response: { 201: ZRun } } },
    async (req, reply) => {
      const actor = requireActor(req.ctx);
      const run = await cmp.startHardship({ userId: actor.userId, username: actor.username, jurisdictionCode: actor.jurisdictionCode });
      req.ctx.audit = { action: 'comparison.hardship', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode };
      cmp.kick();
      return reply.code(201).send(runView(run, cmp.runAccess(req.ctx)));
    },
  );

  api.get(
    '/v1/comparison/findings',
    { config: { permission: 'comparison.read' }, schema: { tags: ['comparison'], summary: 'Findings in your area (worklist)', querystring: ZFindingsQuery, response: { 200: ZFindingPage } } },
    async (req) => {
      const page = await cmp.listFindings(req.ctx, req.query);
      return { ...page, items: page.items.map(findingView) };
    },
  );
  registerListExport(api, '/v1/comparison/findings/export.xlsx', {
    permission: 'comparison.read',
    tag: 'comparison',
    summary: 'The findings of the current filter',
    querystring: ZFindingsQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({
      name: 'findings',
      columns: FINDING_EXPORT_COLUMNS,
      jurisdictionCode: q.jurisdiction,
      page: async (page, pageSize) => ({ items: (await cmp.listFindings(ctx, { ...q, page, pageSize })).items.map(findingView) }),
    }),
  });

  api.get(
    '/v1/comparison/findings/:id',
    { config: { permission: 'comparison.read' }, schema: { tags: ['comparison'], summary: 'One finding with its evidence', params: ZUuidParam, response: { 200: ZFinding } } },
    async (req) => findingView(await cmp.getFinding(req.ctx, req.params.id)),
  );

  api.post(
    '/v1/comparison/findings/:id/confirm',
    { config: { permission: 'comparison.review' }, schema: { tags: ['comparison'], summary: 'Confirm a finding: applies the proposed action through the registration service', params: ZUuidParam, body: ZConfirmBody, response: { 200: ZFinding } } },
    async (req) => findingView(await cmp.confirm(req.ctx, req.params.id, req.body ?? {})),
  );

  api.post(
    '/v1/comparison/findings/:id/dismiss',
    { config: { permission: 'comparison.review' }, schema: { tags: ['comparison'], summary: 'Dismiss a finding (a reason is required)', params: ZUuidParam, body: ZDismissBody, response: { 200: ZFinding } } },
    async (req) => findingView(await cmp.dismiss(req.ctx, req.params.id, req.body)),
  );

  api.get(
    '/v1/comparison/summary',
    { config: { permission: 'comparison.read' }, schema: { tags: ['comparison'], summary: 'Confirmed / dismissed / pending per jurisdiction and dataset', querystring: ZSummaryQuery, response: { 200: ZSummary } } },
    async (req) => cmp.summary(req.ctx, req.query.jurisdiction),
  );

  api.get(
    '/v1/comparison/mappings/:partner/:kind',
    { config: { permission: 'comparison.upload' }, schema: { tags: ['comparison'], summary: "A partner's saved header mapping for a dataset kind", params: ZMappingParams, response: { 200: ZMappingBody } } },
    async (req) => ({ mapping: await cmp.mapping(req.ctx, req.params.partner, req.params.kind) }),
  );

  api.post(
    '/v1/comparison/mappings/:partner/:kind',
    { config: { permission: 'comparison.upload' }, schema: { tags: ['comparison'], summary: "Save a partner's header mapping (field → header)", params: ZMappingParams, body: ZMappingBody, response: { 200: ZMappingBody } } },
    async (req) => {
      await cmp.saveMapping(req.ctx, req.params.partner, req.params.kind, req.body.mapping);
      return { mapping: req.body.mapping };
    },
  );
}

const FINDING_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof ZFinding>>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (f) => f.person?.name ?? f.subject?.name },
  { header: { zh: '身份证号', en: 'ID number' }, value: (f) => f.person?.idNumberMasked ?? f.subject?.idMasked, width: 22 },
  { header: { zh: '类别', en: 'Category' }, value: (f) => f.category },
  { header: { zh: '数据来源', en: 'Dataset' }, value: (f) => f.datasetKind },
  { header: { zh: '规则', en: 'Rule' }, value: (f) => f.rule, width: 26 },
  { header: { zh: '状态', en: 'State' }, value: (f) => f.state },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (f) => f.jurisdictionCode },
  { header: { zh: '发现时间', en: 'Found at' }, value: (f) => f.createdAt, width: 26 },
  { header: { zh: '处理人', en: 'Decided by' }, value: (f) => f.decidedByName },
];
