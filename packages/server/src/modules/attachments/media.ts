/**
 * What kinds of file may be attached, told by their first bytes (never by the name or the browser's claim alone):
 * a photo of a signed form, a scan, a certificate, a spreadsheet or letter from a partner.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface MediaKind {
  readonly mediaType: string;
  readonly extensions: readonly string[];
}

const PDF: MediaKind = { mediaType: 'application/pdf', extensions: ['pdf'] };
const JPEG: MediaKind = { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] };
const PNG: MediaKind = { mediaType: 'image/png', extensions: ['png'] };
const WEBP: MediaKind = { mediaType: 'image/webp', extensions: ['webp'] };
const DOCX: MediaKind = { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] };
const XLSX: MediaKind = { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] };

export const ACCEPTED_MEDIA: readonly MediaKind[] = [PDF, JPEG, PNG, WEBP, DOCX, XLSX];

const starts = (data: Buffer, bytes: readonly number[], at = 0) => bytes.every((b, i) => data[at + i] === b);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * The kind of `data`, or null when it is none of the accepted ones. Office files are zip containers: the name's
 * extension says which one (a zip under another name is refused).
 */
export function sniffMedia(data: Buffer, name: string): MediaKind | null {
  if (starts(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (starts(data, [0xff, 0xd8, 0xff])) return JPEG;
  if (starts(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (starts(data, [0x52, 0x49, 0x46, 0x46]) && starts(data, [0x57, 0x45, 0x42, 0x50], 8)) return WEBP; // RIFF….WEBP
  if (starts(data, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = extensionOf(name);
    return [DOCX, XLSX].find((k) => k.extensions.includes(ext)) ?? null;
  }
  return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters, ≤ 120 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (clean || 'attachment').slice(0, 120);
}
