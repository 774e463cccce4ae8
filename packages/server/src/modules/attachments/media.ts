/**
 * What kinds of file may be attached, told by their first bytes (never by the name or the browser's claim alone):
 * a photo of a signed form, a scan, a certificate, a spreadsheet or letter from a partner.
 */
import { inflateRawSync } from 'node:zlib';

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
 * The kind of `data`, or null when it is none of the accepted ones — told by content alone. An office file is a
 * zip whose `[Content_Types].xml` declares the main part of a Word document or an Excel workbook, and that part
 * is in the zip; any other zip (or a zip that cannot be read) is refused, whatever its name.
 */
export function sniffMedia(data: Buffer): MediaKind | null {
  if (starts(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF; // %PDF-
  if (starts(data, [0xff, 0xd8, 0xff])) return JPEG;
  if (starts(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (starts(data, [0x52, 0x49, 0x46, 0x46]) && starts(data, [0x57, 0x45, 0x42, 0x50], 8)) return WEBP; // RIFF….WEBP
  if (starts(data, [0x50, 0x4b, 0x03, 0x04])) return officeKind(data);
  return null;
}

const OFFICE_MAIN: readonly { kind: MediaKind; contentType: string; part: string }[] = [
  { kind: DOCX, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', part: 'word/document.xml' },
  { kind: XLSX, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', part: 'xl/workbook.xml' },
];

function officeKind(data: Buffer): MediaKind | null {
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(data);
  } catch {
    return null;
  }
  const types = entries.get('[Content_Types].xml');
  if (!types) return null;
  let xml: string;
  try {
    xml = readEntry(data, types).toString('utf8');
  } catch {
    return null;
  }
  for (const main of OFFICE_MAIN) {
    const declared = [...xml.matchAll(/<Override\b[^>]*>/g)].some(
      ([tag]) => tag.includes(`PartName="/${main.part}"`) && tag.includes(`ContentType="${main.contentType}"`),
    );
    if (declared && entries.has(main.part)) return main.kind;
  }
  return null;
}

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** The entries of a zip, read from its central directory (no zip64; attachments are ≤ 10 MiB). */
function zipEntries(data: Buffer): Map<string, ZipEntry> {
  const minEnd = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let i = data.length - 22; i >= minEnd; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    entries.set(data.toString('utf8', at + 46, at + 46 + nameLength), {
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      localOffset: data.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

function readEntry(data: Buffer, e: ZipEntry): Buffer {
  if (data.readUInt32LE(e.localOffset) !== 0x04034b50) throw new Error('bad local header');
  const start = e.localOffset + 30 + data.readUInt16LE(e.localOffset + 26) + data.readUInt16LE(e.localOffset + 28);
  const raw = data.subarray(start, start + e.compressedSize);
  if (e.method === 0) return raw;
  // Bounded, so a zip bomb cannot make us inflate more than a content-types file could ever be.
  if (e.method === 8) return inflateRawSync(raw, { maxOutputLength: MAX_CONTENT_TYPES_BYTES });
  throw new Error(`unsupported compression ${e.method}`);
}

/**
 * The name stored for a file of `kind`: a name whose extension is not one of the kind's gets the kind's own
 * extension instead (`scan.html` holding PDF bytes is stored as `scan.pdf`), so the name never claims another
 * type than the content.
 */
export function nameForKind(name: string, kind: MediaKind): string {
  const ext = extensionOf(name);
  if (kind.extensions.includes(ext)) return name;
  const first = kind.extensions[0] ?? 'bin';
  const stem = ext === '' || name.lastIndexOf('.') <= 0 ? name : name.slice(0, name.lastIndexOf('.'));
  return `${stem.slice(0, 120 - first.length - 1)}.${first}`;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no quotes, ≤ 120 chars. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/"/g, '').trim();
  return (clean || 'attachment').slice(0, 120);
}
