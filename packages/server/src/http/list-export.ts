/**
 * The one export of a console list: the rows of the list's current filter as an xlsx file, read through the
 * list's own query (so scope, hidden files and masking are exactly what the list shows), at most `maxRows` rows,
 * audited as a sensitive read (`<list>.export`, the filter in the detail). The audit entry is written by the
 * `onSend` hook before the file leaves; if it cannot be written the answer is a 503 without the file.
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '../access/roles.ts';
import type { Api } from './types.ts';
import type { Lang } from '../errors/app-error.ts';
import type { RequestContext } from './context.ts';

/** The default cap of an export (rows); `Config.exportMaxRows` sets it. */
export const EXPORT_MAX_ROWS = 50_000;
/** Rows read per query while exporting. */
const CHUNK = 1000;

export interface ExportColumn<T> {
  header: { zh: string; en: string };
  /** The cell as the list shows it (masked values stay masked). */
  value: (row: T) => string | number | null | undefined;
  width?: number;
}

export interface ListExport<T> {
  /** The list's name: the audit action is `<name>.export`, the file `<name>-export.xlsx`. */
  name: string;
  columns: readonly ExportColumn<T>[];
  /** The list's own query for one page (1-based) of the current filter. */
  page: (page: number, pageSize: number) => Promise<{ items: readonly T[]; total?: number | undefined }>;
  /** The filter as sent (recorded in the audit entry). */
  filter: Record<string, unknown>;
  /** Jurisdiction of the export, for the audit entry. */
  jurisdictionCode?: string | undefined;
}

export interface ExportFile {
  body: Buffer;
  fileName: string;
  contentType: string;
  rows: number;
  truncated: boolean;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Reads up to `maxRows` rows of the list, page by page; `truncated` when the filter holds more. */
export async function collectRows<T>(list: Pick<ListExport<T>, 'page'>, maxRows: number, chunk: number = CHUNK): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  // One row past the cap tells whether the filter holds more than is exported.
  for (let page = 1; rows.length <= maxRows; page++) {
    const { items } = await list.page(page, chunk);
    rows.push(...items);
    if (items.length < chunk) break;
  }
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}

/** The xlsx of the given rows: a bold header row in the user's language, one row per item. */
export async function toXlsx<T>(columns: readonly ExportColumn<T>[], rows: readonly T[], lang: Lang, sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu';
  const sheet = wb.addWorksheet(sheetName);
  sheet.columns = columns.map((c, i) => ({ header: lang === 'en' ? c.header.en : c.header.zh, key: String(i), width: c.width ?? 16, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Builds the export and notes the sensitive read for the audit entry (written before the file leaves). */
export async function exportList<T>(ctx: RequestContext, list: ListExport<T>, maxRows: number = EXPORT_MAX_ROWS): Promise<ExportFile> {
  const { rows, truncated } = await collectRows(list, maxRows);
  const body = await toXlsx(list.columns, rows, ctx.lang, list.name);
  ctx.audit = {
    action: `${list.name}.export`,
    resourceType: list.name,
    jurisdictionCode: list.jurisdictionCode,
    sensitive: true,
    detail: { filter: list.filter, rows: rows.length, truncated, maxRows },
  };
  return { body, fileName: `${list.name}-export.xlsx`, contentType: XLSX_TYPE, rows: rows.length, truncated };
}

/** Sends an export: the file as an attachment, its row count and truncation in headers. */
export function sendExport(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('x-export-rows', String(file.rows))
    .header('x-export-truncated', String(file.truncated))
    .send(file.body);
}

/**
 * Registers `GET <url>` (a list's export): the list's query without paging, the file as the answer. `list` turns
 * the validated query into the export (columns and the list's own page query); the filter recorded is the query.
 */
export function registerListExport<Q extends z.ZodObject, T>(
  api: Api,
  url: string,
  options: {
    permission: Permission;
    tag: string;
    summary: string;
    querystring: Q;
    maxRows: number;
    list: (ctx: RequestContext, query: z.infer<Q>) => Omit<ListExport<T>, 'filter'>;
  },
): void {
  api.get(
    url,
    { config: { permission: options.permission }, schema: { tags: [options.tag], summary: `${options.summary} (xlsx, masked as listed; capped; audited)`, querystring: options.querystring } },
    async (req, reply) => {
      // The provider types a generic schema loosely; the value is the one `querystring` validated.
      const query = req.query as z.infer<Q>;
      return sendExport(reply, await exportList(req.ctx, { ...options.list(req.ctx, query), filter: query }, options.maxRows));
    },
  );
}
