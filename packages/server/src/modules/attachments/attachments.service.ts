/**
 * Attachments (附件): the files behind a person's records — a signed commitment, a photo of a visit, a certificate.
 * Stored encrypted, told apart by content (a file uploaded twice for the same person is kept once), never changed
 * or deleted; every download is audited. Other slices refer to an attachment by id (`attachmentsOf` checks that
 * the ids belong to the person the record is about).
 */
import { createHash } from 'node:crypto';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { PersonRow, PersonsRepository } from '../persons/persons.repository.ts';
import type { AttachmentMeta, AttachmentsRepository } from './attachments.repository.ts';
import { textFault, textIssue } from '../../http/text-guard.ts';
import type { TAttachmentOut } from './attachments.contract.ts';
import { ACCEPTED_MEDIA, MAX_ATTACHMENT_BYTES, cleanFileName, nameForKind, sniffMedia } from './media.ts';

export type { TAttachmentOut } from './attachments.contract.ts';

export function toAttachmentOut(a: AttachmentMeta): TAttachmentOut {
  return { id: a.id, personId: a.personId, name: a.name, mediaType: a.mediaType, size: a.size, sha256: a.sha256, uploadedBy: a.uploadedBy, uploadedAt: a.uploadedAt.toISOString() };
}

export class AttachmentsService {
  constructor(
    private readonly repo: AttachmentsRepository,
    private readonly persons: PersonsRepository,
    private readonly cipher: FieldCipher,
  ) {}

  private async visiblePerson(ctx: RequestContext, personId: string, action: string): Promise<PersonRow> {
    return visibleOr404(ctx, await this.persons.findScoped(scopeOf(ctx), personId), { action, resourceType: 'person', resourceId: personId, field: 'params.personId' });
  }

  /** Stores a file for a person (201), or answers the one already stored with the same content (200). */
  async upload(ctx: RequestContext, personId: string, file: { name: string; data: Buffer }): Promise<{ attachment: TAttachmentOut; existing: boolean }> {
    const actor = requireActor(ctx);
    const person = await this.visiblePerson(ctx, personId, 'attachment.upload');
    const given = cleanFileName(file.name);
    // A name that reads differently from what it is (U+202E…) or carries control characters is refused, not cleaned.
    const fault = textFault(given, true);
    if (fault) {
      const issue = textIssue('file.filename', fault);
      throw new AppError('ATTACHMENT_NAME_INVALID', { field: issue.field, issues: [issue], params: { reasonZh: issue.messageZh, reasonEn: issue.messageEn } });
    }
    if (file.data.length === 0) throw new AppError('ATTACHMENT_EMPTY', { field: 'file', params: { field: 'file' } });
    if (file.data.length > MAX_ATTACHMENT_BYTES) throw new AppError('BODY_TOO_LARGE', { field: 'file', params: { limit: '10 MiB' } });
    const kind = sniffMedia(file.data);
    if (!kind) {
      throw new AppError('ATTACHMENT_TYPE_UNSUPPORTED', { field: 'file', params: { name: given, accepted: ACCEPTED_MEDIA.flatMap((k) => k.extensions).join(', ') } });
    }
    // The stored name carries the extension of what the content is (scan.html with PDF bytes → scan.pdf).
    const name = nameForKind(given, kind);
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    const same = await this.repo.samePersonSameContent(person.id, sha256);
    if (same) return { attachment: toAttachmentOut(same), existing: true };
    const created = await this.repo.insert({
      personId: person.id,
      jurisdictionCode: person.jurisdictionCode,
      name,
      mediaType: kind.mediaType,
      size: file.data.length,
      sha256,
      contentEnc: this.cipher.encryptBytes(file.data),
      uploadedBy: actor.userId,
    });
    ctx.audit = { action: 'attachment.upload', resourceType: 'attachment', resourceId: created.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, name, mediaType: kind.mediaType, size: created.size } };
    return { attachment: toAttachmentOut(created), existing: false };
  }

  async list(ctx: RequestContext, personId: string): Promise<TAttachmentOut[]> {
    const person = await this.visiblePerson(ctx, personId, 'attachment.list');
    return (await this.repo.forPerson(person.id)).map(toAttachmentOut);
  }

  /** The decrypted file, for a user who may see its person; audited as a sensitive read. */
  async download(ctx: RequestContext, id: string): Promise<{ meta: TAttachmentOut; data: Buffer }> {
    const meta = await this.repo.meta(id);
    if (!meta) throw new AppError('NOT_FOUND', { field: 'params.id' });
    await this.visiblePerson(ctx, meta.personId, 'attachment.view').catch((e: unknown) => {
      // The refusal names the attachment, not the person id the caller did not send.
      throw e instanceof AppError ? new AppError('NOT_FOUND', { field: 'params.id' }) : e;
    });
    const enc = await this.repo.content(id);
    if (!enc) throw new AppError('NOT_FOUND', { field: 'params.id' });
    ctx.audit = { action: 'attachment.view', resourceType: 'attachment', resourceId: id, jurisdictionCode: meta.jurisdictionCode, sensitive: true, detail: { personId: meta.personId, name: meta.name } };
    return { meta: toAttachmentOut(meta), data: this.cipher.decryptBytes(enc) };
  }

  async attachmentsOf(personId: string, ids: readonly string[], field: string): Promise<TAttachmentOut[]> {
    return citedAttachments(this.repo, personId, ids, field);
  }
}

/**
 * The stored attachments `ids` refer to, all of person `personId` (a record may cite only its own person's files);
 * `field` names the request field in the error. Used by every slice whose records cite attachments.
 */
export async function citedAttachments(repo: AttachmentsRepository, personId: string, ids: readonly string[], field: string): Promise<TAttachmentOut[]> {
  const unique = [...new Set(ids)];
  const found = new Map((await repo.metas(unique)).map((a) => [a.id, a]));
  return unique.map((id, i) => {
    const a = found.get(id);
    if (!a || a.personId !== personId) throw new AppError('ATTACHMENT_NOT_OF_PERSON', { field: `${field}[${i}]`, params: { id } });
    return toAttachmentOut(a);
  });
}

/** What a record keeps of a cited attachment (the file itself stays in `attachments`). */
export function attachmentRef(a: TAttachmentOut): { id: string; name: string; mediaType: string; size: number; sha256: string } {
  return { id: a.id, name: a.name, mediaType: a.mediaType, size: a.size, sha256: a.sha256 };
}

