/**
 * Intake of partner files (R7.1): kind and column checks, header mappings per partner, kind and jurisdiction,
 * encrypted storage of what the server keeps, and the run a file (or a registry check) becomes. The runner executes
 * the runs; nothing here reads a file's rows.
 */
import { rename, rm } from 'node:fs/promises';
import { ensurePrivateDir } from '../../db/client.ts';
import { can } from '../../access/roles.ts';
import { covers, NATION_CODE } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ComparisonRepository, RunRow } from './comparison.repository.ts';
import { DATASETS, isDatasetKind, mapHeaders, type DatasetKind, type DatasetSpec } from './datasets.ts';
import { encryptFile, tempName } from './files.ts';
import type { ComparisonOptions } from './options.ts';
import { inspectFile, readCsvHeader, sha256File, transcodeGbk, xlsxToCsv } from './source.ts';

export interface Uploader {
  readonly userId: string | null;
  readonly username: string;
  readonly jurisdictionCode: string;
}

export interface ImportInput {
  readonly kind: string;
  readonly partner: string;
  /** The file on disk (an upload stored by the server, or a path given to the CLI). */
  readonly path: string;
  readonly fileName: string;
  /** Whether the server owns `path` (an upload): it is deleted when no run needs it any more. */
  readonly owned: boolean;
  /** Field → header, saved for the partner when given. */
  readonly mapping?: Readonly<Record<string, string>> | undefined;
}

/** The refusal of an unknown dataset kind (checked before an upload's body is accepted, and again on import). */
export function unknownKind(kind: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    field: 'kind',
    params: { detail: `kind: ${kind}` },
    issues: [{ field: 'kind', messageZh: `未知的比对数据类型 ${kind}（可选：${Object.keys(DATASETS).join('、')}）`, messageEn: `unknown dataset kind ${kind} (one of ${Object.keys(DATASETS).join(', ')})` }],
  });
}

function invalid(field: string, zh: string, en: string, detail = field): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail }, issues: [{ field, messageZh: zh, messageEn: en }] });
}

export class ComparisonIntake {
  constructor(
    private readonly repo: ComparisonRepository,
    private readonly cipher: FieldCipher,
    private readonly options: ComparisonOptions,
  ) {}

  datasets(): DatasetSpec[] {
    return Object.values(DATASETS);
  }

  /**
   * Registers a partner file as a run (queued). The same bytes of the same kind in the same jurisdiction answer
   * the existing run and create nothing. Wrong columns, an empty file or binary content are refused here.
   */
  async importFile(who: Uploader, input: ImportInput): Promise<{ run: RunRow; existing: boolean }> {
    if (!isDatasetKind(input.kind)) {
      // An upload refused is deleted at once: it holds partner ID numbers in clear.
      if (input.owned) await rm(input.path, { force: true });
      throw unknownKind(input.kind);
    }
    const partner = input.partner.trim() || DATASETS[input.kind].partnerZh;
    const kind: DatasetKind = input.kind;
    let converted: string | null = null;
    let stored: string | null = null;
    try {
      const inspected = await inspectFile(input.path, input.fileName);
      let csvPath = input.path;
      if (inspected.format === 'xlsx' || inspected.encoding === 'gbk') {
        ensurePrivateDir(this.options.workDir);
        converted = tempName(this.options.workDir, 'convert', 'utf8');
        if (inspected.format === 'xlsx') await xlsxToCsv(input.path, converted);
        else await transcodeGbk(input.path, converted);
        csvPath = converted;
      }
      const headers = await readCsvHeader(csvPath);
      const saved = input.mapping ?? (await this.repo.mapping(partner, kind, who.jurisdictionCode)) ?? {};
      const { mapping, missing } = mapHeaders(kind, headers, saved);
      if (missing.length > 0) {
        throw new AppError('COMPARISON_COLUMNS_MISSING', {
          field: `mapping.${missing[0]!.key}`,
          params: { columnsZh: missing.map((m) => `${m.zh}（${m.key}）`).join('、'), columnsEn: missing.map((m) => `${m.en} (${m.key})`).join(', '), headers: headers.join(', ') },
        });
      }
      // What the server keeps for the run (an upload, a conversion) is stored encrypted and the plaintext deleted at
      // once; a CLI file outside the data directory is read where it lies.
      let sha: string;
      let filePath = csvPath;
      if (input.owned || converted) {
        ensurePrivateDir(this.options.workDir);
        const part = tempName(this.options.workDir, 'store', 'encpart');
        const enc = await encryptFile(this.cipher, csvPath, part);
        sha = converted ? await sha256File(input.path) : enc.sha256;
        stored = tempName(this.options.workDir, 'run', 'enc');
        await rename(part, stored);
        filePath = stored;
        if (converted) await rm(converted, { force: true });
        if (input.owned) await rm(input.path, { force: true });
        converted = null;
      } else {
        sha = await sha256File(input.path);
      }
      if (input.mapping) await this.repo.saveMapping(partner, kind, mapping, who.userId, who.jurisdictionCode);
      const { run, existing } = await this.repo.insertRun({
        datasetKind: kind,
        partner,
        fileName: input.fileName,
        format: inspected.format,
        encoding: inspected.encoding,
        contentSha256: sha,
        sizeBytes: inspected.sizeBytes,
        filePath,
        state: 'queued',
        phase: 'queued',
        headers,
        mapping,
        options: { ownedFiles: stored ? [stored] : [], encrypted: stored !== null },
        jurisdictionCode: who.jurisdictionCode,
        createdBy: who.userId,
        createdByName: who.username,
      });
      // Same content: nothing new. Our copy of the bytes is not needed.
      if (existing && stored) await rm(stored, { force: true });
      return { run, existing };
    } catch (e) {
      if (converted) await rm(converted, { force: true });
      if (stored) await rm(stored, { force: true });
      if (input.owned) await rm(input.path, { force: true });
      throw e;
    }
  }

  /**
   * Who a CLI import (or registry check) is made for: `--user` (the run is that user's, in their jurisdiction by
   * default) and `--jurisdiction` (within the user's subtree). Without either, the command-line operator imports
   * for the nation (national runs are seen by national staff, e.g. the demo's operator.national).
   */
  async cliUploader(opts: { user?: string | undefined; jurisdiction?: string | undefined }): Promise<Uploader> {
    let who: Uploader = { userId: null, username: 'cli', jurisdictionCode: NATION_CODE };
    if (opts.user !== undefined) {
      const u = await this.repo.user(opts.user);
      if (!u || !u.active) throw invalid('--user', `没有启用的用户 ${opts.user}`, `no active user ${opts.user}`);
      if (!can(u.role as Parameters<typeof can>[0], 'comparison.upload')) throw invalid('--user', `用户 ${u.username} 无权上传比对文件`, `user ${u.username} may not upload comparison files`);
      who = { userId: u.id, username: u.username, jurisdictionCode: u.jurisdictionCode };
    }
    if (opts.jurisdiction !== undefined) {
      const code = opts.jurisdiction;
      if (!/^\d{12}$/.test(code) || !(code === NATION_CODE || (await this.repo.divisionExists(code)))) {
        throw invalid('--jurisdiction', `未知的区划代码 ${code}（12 位）`, `unknown division code ${code} (12 digits)`);
      }
      if (!covers(who.jurisdictionCode, code)) throw invalid('--jurisdiction', `${code} 不在用户 ${who.username} 的辖区内`, `${code} is outside the jurisdiction of ${who.username}`);
      who = { ...who, jurisdictionCode: code };
    }
    return who;
  }

  /** Saves a header mapping for the caller's jurisdiction (used in its subtree; other jurisdictions keep theirs). */
  async saveMapping(ctx: RequestContext, partner: string, kind: string, mapping: Record<string, string>): Promise<void> {
    const actor = requireActor(ctx);
    if (!isDatasetKind(kind)) throw new AppError('NOT_FOUND', { field: 'params.kind' });
    const known = new Set(DATASETS[kind].fields.map((f) => f.key));
    for (const k of Object.keys(mapping)) {
      if (!known.has(k)) throw invalid(`body.mapping.${k}`, `${kind} 没有字段 ${k}`, `${kind} has no field ${k}`, k);
    }
    await this.repo.saveMapping(partner, kind, mapping, actor.userId, actor.jurisdictionCode);
    ctx.audit = { action: 'comparison.mapping.save', resourceType: 'comparison_mapping', resourceId: `${actor.jurisdictionCode}/${partner}/${kind}`, jurisdictionCode: actor.jurisdictionCode };
  }

  /** The mapping an upload by the caller would use: the nearest saved one from its jurisdiction up to the nation. */
  async mapping(ctx: RequestContext, partner: string, kind: string): Promise<Record<string, string>> {
    return (await this.repo.mapping(partner, kind, requireActor(ctx).jurisdictionCode)) ?? {};
  }

  // Registry checks (runs without a partner file): stale files (R7.5) and registrants in hardship (R7.4).

  async startStale(who: Uploader, months?: number): Promise<RunRow> {
    const m = months ?? this.options.staleMonths ?? 6;
    if (!Number.isInteger(m) || m < 1 || m > 120) throw invalid('body.months', '月数应为 1 至 120 的整数', 'months must be an integer from 1 to 120', 'months: 1–120');
    return this.registryCheck(who, { check: 'stale', months: m });
  }

  async startHardship(who: Uploader): Promise<RunRow> {
    return this.registryCheck(who, { check: 'hardship' });
  }

  private async registryCheck(who: Uploader, options: Record<string, unknown>): Promise<RunRow> {
    const { run } = await this.repo.insertRun({ datasetKind: 'registry', partner: 'bangfu', state: 'queued', phase: 'queued', options, jurisdictionCode: who.jurisdictionCode, createdBy: who.userId, createdByName: who.username });
    return run;
  }
}
