/**
 * Bulk import routes (`/api/v1/imports`). Uploads are multipart (`file` part; `kind` in the query or as a field
 * before the file) or a raw body (`application/octet-stream` with `?kind=&filename=`), up to 200 MiB — the
 * only routes with a body limit above 1 MiB, in their own plugin context so no other route accepts such bodies.
 */
import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import type { ImportKind } from './columns.ts';
import { ZJob, ZJobParams, ZMappingBody, ZPageQuery, ZRejectionPage, ZTemplateParams, ZUploadAnswer, ZUploadQuery } from './imports.contract.ts';
import { isImportKind, MAX_UPLOAD_BYTES } from './imports.service.ts';
import type { FileFormat } from './read.ts';

function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

export function registerImportRoutes(api: Api, services: Services): void {
  const imports = services.imports;
  // The worker runs inside the server: unfinished jobs are resumed at start by `jobs/resume.ts` (startApp);
  // the worker releases its job when the server closes.
  api.addHook('onClose', async () => imports.stop());

  api.get(
    '/v1/imports/templates/:file',
    { config: { permission: 'import.read' }, schema: { tags: ['imports'], summary: 'Import template (xlsx with a code sheet, or CSV)', params: ZTemplateParams } },
    async (req, reply) => {
      const [kind, format] = req.params.file.split('.') as [ImportKind, FileFormat];
      const t = await imports.template(kind, format);
      return reply.type(t.contentType).header('content-disposition', attachment(t.fileName)).send(t.body);
    },
  );

  void api.register(async (child) => {
    const upload = child.withTypeProvider<ZodTypeProvider>();
    await upload.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    upload.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/v1/imports',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        config: { permission: 'import.write' },
        schema: { tags: ['imports'], summary: 'Upload an .xlsx or .csv file; answers the job (201) or the job of the same file (200)', querystring: ZUploadQuery, response: { 200: ZUploadAnswer, 201: ZUploadAnswer } },
      },
      async (req, reply) => {
        let kind: string | undefined = req.query.kind;
        let fileName = req.query.filename ?? 'upload';
        let data: Buffer;
        if (req.isMultipart()) {
          const part = await req.file();
          if (!part) throw new AppError('IMPORT_FILE_INVALID', { field: 'file', params: { detailZh: '请求中没有文件', detailEn: 'the request holds no file' } });
          try {
            data = await part.toBuffer();
          } catch (e) {
            if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('BODY_TOO_LARGE', { params: { limit: '200 MiB' } });
            throw e;
          }
          fileName = part.filename || fileName;
          const field = part.fields.kind;
          if (kind === undefined && field && !Array.isArray(field) && field.type === 'field') kind = String(field.value);
        } else if (Buffer.isBuffer(req.body)) {
          data = req.body;
        } else {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        }
        if (kind === undefined || !isImportKind(kind)) {
          throw new AppError('VALIDATION_FAILED', {
            field: 'querystring.kind',
            issues: [{ field: 'querystring.kind', messageZh: '应为 persons 或 registrations', messageEn: 'must be persons or registrations' }],
            params: { detail: 'querystring.kind: must be persons or registrations' },
          });
        }
        const result = await imports.upload(req.ctx, { kind, fileName, data });
        return reply.code(result.existing ? 200 : 201).send(result);
      },
    );
  });

  api.get(
    '/v1/imports',
    { config: { permission: 'import.read' }, schema: { tags: ['imports'], summary: 'Import jobs in the user’s area, newest first', querystring: ZPageQuery, response: { 200: z.object({ items: z.array(ZJob), total: z.number(), page: z.number(), pageSize: z.number() }) } } },
    async (req) => imports.list(req.ctx, req.query.page, req.query.pageSize),
  );

  api.get(
    '/v1/imports/:id',
    { config: { permission: 'import.read' }, schema: { tags: ['imports'], summary: 'A job: detected mapping, unmapped columns, progress (percent, rows/s, ETA)', params: ZJobParams, response: { 200: ZJob } } },
    async (req) => imports.get(req.ctx, req.params.id),
  );

  api.post(
    '/v1/imports/:id/mapping',
    { config: { permission: 'import.write' }, schema: { tags: ['imports'], summary: 'Correct the column mapping (field → column index or null)', params: ZJobParams, body: ZMappingBody, response: { 200: ZJob } } },
    async (req) => imports.setMapping(req.ctx, req.params.id, req.body.mapping),
  );

  api.post(
    '/v1/imports/:id/start',
    { config: { permission: 'import.write' }, schema: { tags: ['imports'], summary: 'Start processing (the mapping must cover the required columns)', params: ZJobParams, response: { 200: ZJob } } },
    async (req) => imports.start(req.ctx, req.params.id),
  );

  api.post(
    '/v1/imports/:id/cancel',
    { config: { permission: 'import.write' }, schema: { tags: ['imports'], summary: 'Cancel: rows already committed stay, nothing further is written', params: ZJobParams, response: { 200: ZJob } } },
    async (req) => imports.cancel(req.ctx, req.params.id),
  );

  api.get(
    '/v1/imports/:id/rejections',
    { config: { permission: 'import.read' }, schema: { tags: ['imports'], summary: 'Rejected rows with reasons (paged)', params: ZJobParams, querystring: ZPageQuery, response: { 200: ZRejectionPage } } },
    async (req) => imports.rejections(req.ctx, req.params.id, req.query.page, req.query.pageSize),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    api.get(
      `/v1/imports/:id/report.${format}`,
      { config: { permission: 'import.read' }, schema: { tags: ['imports'], summary: `Rejected rows as uploaded, with row, column and reason (zh, en) — ${format}`, params: ZJobParams } },
      async (req, reply) => {
        const r = await imports.report(req.ctx, req.params.id, format);
        void reply.type(r.contentType).header('content-disposition', attachment(r.fileName));
        if (Buffer.isBuffer(r.body)) return reply.send(r.body);
        return reply.send(Readable.from(r.body));
      },
    );
  }
}
