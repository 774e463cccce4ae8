/**
 * Attachment routes. Uploads are multipart (one `file` part) up to 10 MiB, in their own plugin context so that no
 * other route accepts bodies above the 1 MiB default.
 */
import fastifyMultipart, { type Multipart } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors/app-error.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { MAX_ATTACHMENT_BYTES } from './media.ts';
import { ZAttachmentList, ZIdParam, ZPersonIdParam, ZUpload } from './attachments.contract.ts';

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Chinese file names survive the download). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The one `file` part of an upload, read into memory. Any other part — a text field, a file under another name, a
 * second file — is refused with its name (400), never left to fail later as a 500.
 */
async function onlyFilePart(parts: AsyncIterableIterator<Multipart>): Promise<{ filename: string; data: Buffer } | null> {
  let found: { filename: string; data: Buffer } | null = null;
  try {
    for await (const part of parts) {
      if (part.type !== 'file' || part.fieldname !== 'file' || found) {
        if (part.type === 'file') part.file.resume();
        throw new AppError('MULTIPART_FIELD_UNEXPECTED', { field: `body.${part.fieldname}`, params: { field: part.fieldname } });
      }
      found = { filename: part.filename, data: await part.toBuffer() };
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('BODY_TOO_LARGE', { field: 'file', params: { limit: '10 MiB' } });
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError('MULTIPART_FIELD_UNEXPECTED', { field: 'body', params: { field: '…' } });
    }
    throw e;
  }
  return found;
}

export function registerAttachmentRoutes(api: Api, services: Services): void {
  const attachments = services.attachments;
  const tags = ['attachments'];

  void api.register(async (child) => {
    const upload = child.withTypeProvider<ZodTypeProvider>();
    // A few fields and a second file are let through busboy so the refusal can name them (onlyFilePart).
    await upload.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 2, fields: 4 } });
    upload.post(
      '/v1/persons/:personId/attachments',
      {
        bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
        config: { permission: 'service.write' },
        schema: {
          tags,
          summary: 'Attach a file to a person (multipart `file`; PDF, JPEG, PNG, WebP, DOCX, XLSX; ≤ 10 MiB): 201 stored, 200 the same content already stored',
          params: ZPersonIdParam,
          response: { 200: ZUpload, 201: ZUpload },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await onlyFilePart(req.parts());
        if (!file) throw new AppError('ATTACHMENT_EMPTY', { field: 'file', params: { field: 'file' } });
        const { filename: partName, data } = file;
        const result = await attachments.upload(req.ctx, req.params.personId, { name: partName || 'attachment', data });
        return reply.code(result.existing ? 200 : 201).send(result);
      },
    );
  });

  api.get(
    '/v1/persons/:personId/attachments',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'A person’s attachments (names, kinds, sizes; no content)', params: ZPersonIdParam, response: { 200: ZAttachmentList } } },
    async (req) => ({ items: await attachments.list(req.ctx, req.params.personId) }),
  );

  api.get(
    '/v1/attachments/:id/content',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'Download an attachment (decrypted; audited)', params: ZIdParam } },
    async (req, reply) => {
      const { meta, data } = await attachments.download(req.ctx, req.params.id);
      // Always a download, never rendered in the console's origin; the browser must not guess another type.
      return reply
        .type(meta.mediaType)
        .header('content-disposition', disposition(meta.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(data);
    },
  );
}
