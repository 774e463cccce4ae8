/**
 * Data comparison use cases (R7): import partner files (identified by content hash), run them (DuckDB, see
 * engine.ts), turn matches into findings for the caseworker of the person's jurisdiction, and apply a confirmed
 * finding through the registration service. A run can be cancelled, and resumed after a crash: findings are
 * written in one transaction at the end of a run with `ON CONFLICT DO NOTHING` on their unique key, so a re-run
 * never duplicates and an interrupted run leaves no partial findings.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hostname } from 'node:os';
import {
  ageOn,
  assessRetirement,
  evaluateDeregistration,
  evaluateDifficulty,
  hardshipCriteria,
  maskIdNumber,
  parseIsoDate,
  RETIREMENT_CATEGORIES,
  type DeregistrationReason,
  type Mark,
  type PackRegistry,
  type RetirementCategory,
} from '@bangfu/rules';
import { can } from '../../access/roles.ts';
import { covers, codePrefix, NATION_CODE } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { normalizeIdNumber } from '../../security/field-cipher.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import { ComparisonRepository, type FindingRow, type FindingWithPerson, type NewFinding, type NewRejected, type PersonFacts, type RunRow } from './comparison.repository.ts';
import type { Database } from '../../db/client.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { createRegistrationServices } from '../registration/registration.module.ts';
import { SwitchableClock } from '../../jobs/clock.ts';
import { AssistanceRepository } from '../assistance/assistance.repository.ts';
import { AssistanceService } from '../assistance/assistance.service.ts';
import { ReferralsRepository, ReferralsService } from '../referrals/referrals.service.ts';
import { DATASETS, isDatasetKind, mapHeaders, type DatasetKind, type DatasetSpec } from './datasets.ts';
import { ComparisonEngine, DuckDBHost, type ListedPerson, type Registrant, type VerificationMatch } from './engine.ts';
import { fileInvalid, inspectFile, readCsvHeader, sha256File, transcodeGbk, xlsxToCsv } from './source.ts';
import { decryptFile, encryptFile, ownerAlive, sweepLegacyFiles, sweepTempFiles, tempName } from './files.ts';

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

export interface RunHooks {
  /** Called when a phase starts; a test throws here to simulate a crash. */
  onPhase?: (phase: string) => void | Promise<void>;
  onProgress?: (p: { phase: string; fraction: number; rowsRead: number; etaSeconds: number | null }) => void;
}

export interface ComparisonOptions {
  /** Where uploads and converted files are kept for their run. */
  readonly workDir: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Stale files: months without any fact updated (R7.5: "long-term (> 6 months)"). */
  readonly staleMonths?: number;
  /** A confirmation claim older than this is taken as abandoned by a crash (default APPLYING_STALE_MS). */
  readonly applyingStaleMs?: number;
  /**
   * Load the registrants before reading the file instead of while it is read (default: while; measured about equal
   * in total on 2 cores, see docs/comparison.md, and the overlap keeps the match step to the join and the rule).
   */
  readonly registryFirst?: boolean;
  /** Days rejected-row data is kept after its run finished (config `comparisonRetentionDays`; 0 keeps it). */
  readonly retentionDays?: number;
  /** The database is embedded (PGlite, its directory locked to this process): no other process holds a lease. */
  readonly exclusiveDatabase?: boolean;
}

const LEASE_MS = 30_000;
/** Lease owners (`host:pid:instance`) of the services of this process that are started. */
const LIVE_OWNERS = new Set<string>();

/** Whether a run's lease owner is a process that is gone (see resumeInterrupted). */
export function leaseOwnerDead(owner: string, exclusive = false): boolean {
  // The embedded database is locked to one process: any owner not alive in this process is gone.
  if (exclusive) return !LIVE_OWNERS.has(owner);
  const [host, pid, instance] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  return !ownerAlive(Number(pid), instance, () => LIVE_OWNERS.has(owner));
}
/** A confirmation still `applying` after this was abandoned (applying takes well under a second). */
const APPLYING_STALE_MS = 10 * 60_000;
const MAX_REJECTED_STORED = 100_000;
/** Ranges of person ids the registrants are read in (16: the first hex digit of the uuid). */
const REGISTRANT_RANGES = 8;
/** The shortest "registered without benefit" duration a rule pack may set (`assistance.referralLongTermMonths`). */
const MIN_REFERRAL_MONTHS = 1;

function todayInChina(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A stable pseudo person id for someone on a list who has no file yet (so re-runs find the same finding). */
export function pseudoPersonId(bidx: string): string {
  const h = createHash('sha256').update(`bangfu comparison subject\u0000${bidx}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The refusal of an unknown dataset kind (checked before an upload's body is accepted, and again on import). */
export function unknownKind(kind: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    field: 'kind',
    params: { detail: `kind: ${kind}` },
    issues: [{ field: 'kind', messageZh: `未知的比对数据类型 ${kind}（可选：${Object.keys(DATASETS).join('、')}）`, messageEn: `unknown dataset kind ${kind} (one of ${Object.keys(DATASETS).join(', ')})` }],
  });
}

function stateError(run: RunRow, zh: string, en: string): AppError {
  return new AppError('COMPARISON_STATE_INVALID', { params: { state: run.state, actionZh: zh, actionEn: en } });
}

function errorOf(e: unknown, lang: 'zh-CN' | 'en' = 'zh-CN'): { code: string; zh: string; en: string } {
  if (e instanceof AppError) return { code: e.code, zh: e.message_('zh-CN'), en: e.message_('en') };
  void lang;
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', zh: `内部错误：${msg}`, en: `internal error: ${msg}` };
}

export class ComparisonService {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private worker: Promise<void> | null = null;
  private stopped = false;
  private started: Promise<void> = Promise.resolve();
  private wake: NodeJS.Timeout | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private current: ComparisonEngine | null = null;
  private readonly duck: DuckDBHost;

  constructor(
    readonly repo: ComparisonRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    private readonly registration: RegistrationService,
    private readonly options: ComparisonOptions,
    private readonly clock: () => Date = () => new Date(),
    /** Confirming a referral finding makes the civil-affairs referral through it (absent: the decision is recorded). */
    private readonly referrals: ReferralsService | null = null,
  ) {
    this.duck = new DuckDBHost({ memoryLimit: options.memoryLimit, threads: options.threads });
    LIVE_OWNERS.add(this.owner);
  }

  today(): string {
    return todayInChina(this.clock());
  }

  datasets(): DatasetSpec[] {
    return Object.values(DATASETS);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Import.

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
        await mkdir(this.options.workDir, { recursive: true, mode: 0o700 });
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
        await mkdir(this.options.workDir, { recursive: true, mode: 0o700 });
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
      if (!u || !u.active) throw new AppError('VALIDATION_FAILED', { field: '--user', params: { detail: '--user' }, issues: [{ field: '--user', messageZh: `没有启用的用户 ${opts.user}`, messageEn: `no active user ${opts.user}` }] });
      if (!can(u.role as Parameters<typeof can>[0], 'comparison.upload')) throw new AppError('VALIDATION_FAILED', { field: '--user', params: { detail: '--user' }, issues: [{ field: '--user', messageZh: `用户 ${u.username} 无权上传比对文件`, messageEn: `user ${u.username} may not upload comparison files` }] });
      who = { userId: u.id, username: u.username, jurisdictionCode: u.jurisdictionCode };
    }
    if (opts.jurisdiction !== undefined) {
      const code = opts.jurisdiction;
      if (!/^\d{12}$/.test(code) || !(code === NATION_CODE || (await this.repo.divisionExists(code)))) {
        throw new AppError('VALIDATION_FAILED', { field: '--jurisdiction', params: { detail: '--jurisdiction' }, issues: [{ field: '--jurisdiction', messageZh: `未知的区划代码 ${code}（12 位）`, messageEn: `unknown division code ${code} (12 digits)` }] });
      }
      if (!covers(who.jurisdictionCode, code)) {
        throw new AppError('VALIDATION_FAILED', { field: '--jurisdiction', params: { detail: '--jurisdiction' }, issues: [{ field: '--jurisdiction', messageZh: `${code} 不在用户 ${who.username} 的辖区内`, messageEn: `${code} is outside the jurisdiction of ${who.username}` }] });
      }
      who = { ...who, jurisdictionCode: code };
    }
    return who;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Runs.

  /** Executes a run (claiming it); a run already finished answers as it is. */
  async execute(runId: string, hooks: RunHooks = {}): Promise<RunRow> {
    const claimed = await this.repo.claim(runId, this.owner, LEASE_MS);
    if (!claimed) {
      const run = await this.repo.run(runId);
      if (!run) throw new AppError('NOT_FOUND', { field: 'params.id' });
      return run;
    }
    const run = claimed;
    const kind = run.datasetKind;
    if (kind === 'registry') return this.executeRegistry(run, hooks);
    if (!isDatasetKind(kind)) throw new Error(`unknown dataset kind ${kind}`);
    const today = this.today();
    const engine = await ComparisonEngine.open(kind, today, this.duck);
    this.current = engine;
    const timings: Record<string, number> = {};
    let cancelled = false;
    let phaseStarted = performance.now();
    let phase = 'read';
    const started = performance.now();
    let lastProgress = { fraction: 0, rowsRead: 0, etaSeconds: null as number | null };
    const beat = setInterval(() => {
      void this.repo
        .renewLease(run.id, this.owner, LEASE_MS)
        .then(async (r) => {
          if (!r || r.cancelRequested) {
            cancelled = true;
            engine.interrupt();
          }
          await this.repo.updateRun(run.id, { phase, progress: lastProgress });
        })
        .catch(() => undefined);
    }, 1000);
    const enter = async (next: string) => {
      timings[phase] = Math.round(performance.now() - phaseStarted) / 1000;
      phase = next;
      phaseStarted = performance.now();
      if (cancelled) throw new Error('cancelled');
      await this.repo.updateRun(run.id, { phase: next, progress: lastProgress, timings });
      await hooks.onPhase?.(next);
    };
    const spec = DATASETS[kind];
    const verifies = spec.comparison.type === 'employment' || spec.comparison.type === 'deregister';
    let registryLoad: Promise<number> | null = null;
    try {
      let registrants = 0;
      if (verifies) {
        // Status verification needs the registrants: read out of PostgreSQL and decrypted on a second DuckDB
        // connection while the file is read (one query in one PostgreSQL process, see registrantsRange; the decryption
        // uses the core DuckDB leaves), or before the read with `registryFirst`.
        const loadStarted = performance.now();
        registryLoad = engine.loadRegistrants(this.registrants(run.jurisdictionCode)).then((n) => {
          timings.registryLoad = Math.round(performance.now() - loadStarted) / 1000;
          return n;
        });
        registryLoad.catch(() => undefined); // awaited below (or in finally)
        if (this.options.registryFirst) {
          phase = 'registry';
          await hooks.onPhase?.('registry');
          registrants = await registryLoad;
          await enter('read');
        }
      }
      if (!verifies || !this.options.registryFirst) await hooks.onPhase?.('read');
      // A stored (encrypted) file is decrypted to a private temp file for DuckDB, deleted as soon as it is read.
      let readPath = run.filePath ?? '';
      let plain: string | null = null;
      let rowsRead: number;
      try {
        if (run.options?.encrypted === true) {
          const decryptStarted = performance.now();
          plain = tempName(this.options.workDir, 'read', 'plain');
          await decryptFile(this.cipher, readPath, plain);
          readPath = plain;
          timings.decrypt = Math.round(performance.now() - decryptStarted) / 1000;
        }
        const readStarted = performance.now();
        rowsRead = await engine.read(readPath, run.headers ?? [], run.mapping ?? {}, ({ fraction, rowsRead }) => {
          const elapsed = (performance.now() - readStarted) / 1000;
          const eta = fraction > 0.01 ? Math.round((elapsed * (1 - fraction)) / fraction) : null;
          lastProgress = { fraction: Math.round(fraction * 1000) / 1000, rowsRead, etaSeconds: eta };
          hooks.onProgress?.({ phase: 'read', ...lastProgress });
        });
      } finally {
        if (plain) await rm(plain, { force: true });
      }
      lastProgress = { fraction: 1, rowsRead, etaSeconds: 0 };
      hooks.onProgress?.({ phase: 'read', ...lastProgress });

      await enter('validate');
      const rejectedCount = await engine.validate();
      const rejected: NewRejected[] = [];
      for (let offset = 0; offset < Math.min(rejectedCount, MAX_REJECTED_STORED); offset += 5000) {
        for (const r of await engine.rejectedRows(offset, Math.min(5000, MAX_REJECTED_STORED - offset))) {
          rejected.push({ runId: run.id, rowNo: r.line, reasons: r.reasons, idMasked: r.idNumber ? maskIdNumber(r.idNumber) : null, rowEnc: this.cipher.encrypt(JSON.stringify(r.cells)) });
        }
      }

      let findings: NewFinding[] = [];
      let matches = 0;
      const c = spec.comparison;
      if (c.type === 'employment' || c.type === 'deregister') {
        if (!this.options.registryFirst) {
          await enter('registry');
          registrants = await registryLoad!;
        }
        await enter('match');
        matches = await engine.match();
        findings = this.verificationFindings(run, kind, await engine.verificationMatches(), today);
      } else if (c.type === 'discovery') {
        await enter('match');
        const listed = await engine.listedPersons();
        const r = await this.discoveryFindings(run, kind, c.mark, listed, today);
        findings = r.findings;
        matches = r.matches;
        registrants = r.known;
      } else {
        await enter('match');
        const r = await this.employerFindings(run, await engine.employers(), today);
        findings = r.findings;
        registrants = r.registrants;
        matches = r.findings.length;
      }

      await enter('findings');
      // One transaction: a crash leaves no partial findings; a re-run inserts what is missing, nothing twice.
      const created = await this.repo.transaction(async (tx) => {
        await this.repo.insertRejected(tx, rejected);
        return this.repo.insertFindings(tx, findings);
      });
      await enter('done');
      const finished = await this.finish(run, {
        state: 'done',
        phase: 'done',
        rowsRead,
        rowsRejected: rejectedCount,
        rowsValid: rowsRead - rejectedCount,
        registrants,
        matches,
        findingsCreated: run.findingsCreated + created,
        timings: { ...timings, total: Math.round(performance.now() - started) / 1000 },
        progress: { fraction: 1, rowsRead, etaSeconds: 0 },
      });
      return finished;
    } catch (e) {
      const interrupted = cancelled || /interrupt/i.test((e as Error).message ?? '');
      if (interrupted) return this.finish(run, { state: 'cancelled', phase, timings });
      // A crash (thrown by a hook in tests, or the process dying) leaves the run running until its lease expires.
      if ((e as { simulatedCrash?: boolean }).simulatedCrash) {
        clearInterval(beat);
        throw e;
      }
      return this.finish(run, { state: 'failed', phase, error: errorOf(e), timings });
    } finally {
      clearInterval(beat);
      await registryLoad?.catch(() => undefined);
      await engine.close().catch(() => undefined);
      this.current = null;
    }
  }

  private async finish(run: RunRow, patch: Parameters<ComparisonRepository['updateRun']>[1]): Promise<RunRow> {
    await this.repo.updateRun(run.id, { ...patch, finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
    if (patch.state === 'done' || patch.state === 'failed' || patch.state === 'cancelled') {
      const owned = (run.options?.ownedFiles as string[] | undefined) ?? [];
      for (const f of owned) await rm(f, { force: true });
    }
    return (await this.repo.run(run.id))!;
  }

  /**
   * Registrants of the run's jurisdiction, decrypted range by range (plaintext only in memory, for the join). The
   * uuid space is walked in 8 ranges of the first hex digit; the next range is queried while this one is decrypted.
   */
  private async *registrants(within: string): AsyncGenerator<Registrant[]> {
    const bound = (i: number) => (i >= REGISTRANT_RANGES ? null : `${((i * 16) / REGISTRANT_RANGES).toString(16)}0000000-0000-0000-0000-000000000000`);
    const query = (i: number) => {
      const p = this.repo.registrantsRange(within, bound(i)!, bound(i + 1));
      p.catch(() => undefined); // awaited below; no unhandled rejection if the consumer stops first
      return p;
    };
    let next = query(0);
    for (let i = 0; i < REGISTRANT_RANGES; i++) {
      const page = await next;
      if (i + 1 < REGISTRANT_RANGES) next = query(i + 1);
      yield page.map((r) => ({
        personId: r.person_id,
        registrationId: r.registration_id,
        kind: r.kind,
        registeredOn: r.registered_on,
        jurisdictionCode: r.jurisdiction_code,
        idNumber: normalizeIdNumber(this.cipher.decrypt(r.id_number_enc)),
      }));
    }
  }

  private deregistrationRule(jurisdiction: string, on: string, reason: DeregistrationReason): { allowed: boolean | 'unknown'; source: string | null; pack: string } {
    const pack = this.registry.resolve(jurisdiction, on);
    const d = evaluateDeregistration({ reason }, pack);
    return { allowed: d.allowed, source: d.source, pack: `${pack.id}@${pack.version}` };
  }

  /** `deregistrationRule` memoised for one batch of findings (thousands of findings share a few packs). */
  private deregistrationRules(): typeof this.deregistrationRule {
    const memo = new Map<string, ReturnType<typeof this.deregistrationRule>>();
    return (jurisdiction, on, reason) => {
      const key = `${jurisdiction}|${on}|${reason}`;
      let r = memo.get(key);
      if (!r) memo.set(key, (r = this.deregistrationRule(jurisdiction, on, reason)));
      return r;
    };
  }

  private verificationFindings(run: RunRow, kind: DatasetKind, matches: VerificationMatch[], today: string): NewFinding[] {
    const spec = DATASETS[kind];
    const c = spec.comparison;
    const ruleOf = this.deregistrationRules();
    return matches.map((m) => {
      const base = { personId: m.personId, runId: run.id, category: 'verification', datasetKind: kind, state: 'pending', jurisdictionCode: m.jurisdictionCode, registrationId: m.registrationId, asOf: today };
      // Empty cells are left out of the evidence rows (the dataset is the finding's): 12 rows stay small enough
      // for PostgreSQL to store the finding without compressing it.
      const evidence = m.evidence.map((e) => ({ ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null && v !== undefined)), file: run.fileName }));
      if (c.type === 'employment') {
        const rule = ruleOf(m.jurisdictionCode, today, c.reason);
        return {
          ...base,
          rule: `verification.${c.reason}`,
          evidenceKey: `${m.registrationId}:${m.key}`,
          proposedAction: {
            type: 'employment_registration',
            employmentType: c.employmentType,
            reason: c.reason,
            // Null when the file names no employer (only a credit code): confirming then asks for the name.
            employerName: m.employerName?.trim() || null,
            employerCreditCode: m.employerCreditCode && /^[0-9A-Z]{18}$/.test(m.employerCreditCode) ? m.employerCreditCode : null,
            startedOn: m.eventOn > today ? today : m.eventOn,
            months: m.count,
            ...rule,
          },
          evidence,
        };
      }
      const reason = c.type === 'deregister' ? c.reason : 'other_statutory';
      const on = m.eventOn < m.registeredOn ? m.registeredOn : m.eventOn > today ? today : m.eventOn;
      return {
        ...base,
        rule: `verification.${reason}`,
        evidenceKey: m.registrationId,
        proposedAction: { type: 'deregister', reason, on, eventOn: m.eventOn, ...ruleOf(m.jurisdictionCode, on, reason) },
        evidence,
      };
    });
  }

  /** Discovery (R7.3) and, for 低保 lists, referral of registrants in hardship not on the list (R7.4). */
  private async discoveryFindings(run: RunRow, kind: DatasetKind, mark: Mark, listed: ListedPerson[], today: string): Promise<{ findings: NewFinding[]; matches: number; known: number }> {
    const bidxOf = new Map<string, ListedPerson>();
    for (const p of listed) bidxOf.set(this.cipher.blindIndex('id_number', normalizeIdNumber(p.idNumber)), p);
    const facts = new Map<string, PersonFacts>();
    const keys = [...bidxOf.keys()];
    for (let i = 0; i < keys.length; i += 1000) for (const f of await this.repo.personsByBidx(keys.slice(i, i + 1000))) facts.set(f.id_number_bidx, f);
    const findings: NewFinding[] = [];
    const asOf = parseIsoDate(today, 'today');
    for (const [bidx, p] of bidxOf) {
      const known = facts.get(bidx);
      if (known && !covers(run.jurisdictionCode, known.jurisdiction_code)) continue;
      if (known && ['employed', 'self_employed', 'student', 'military', 'retired', 'unable'].includes(known.employment_status)) continue;
      if (known?.labor_capacity === 'none') continue;
      const birthDate = known?.birth_date ?? `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`;
      const sex: 'male' | 'female' = known?.sex === 'female' || (!known && Number(p.idNumber[16]) % 2 === 0) ? 'female' : 'male';
      const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(known?.retirement_category ?? '') ? (known!.retirement_category as RetirementCategory) : undefined;
      const age = ageOn(parseIsoDate(birthDate, 'birthDate'), asOf).years;
      const retirement = assessRetirement({ sex, birthDate, ...(category ? { retirementCategory: category } : {}) }, today);
      // Working age: 16 up to statutory retirement (a woman of unknown category counts until it is certain).
      if (age < 16 || retirement.reachedOnAsOf === true) continue;
      const jurisdiction = known?.jurisdiction_code ?? (p.divisionCode && /^\d{12}$/.test(p.divisionCode) && covers(run.jurisdictionCode, p.divisionCode) && p.divisionCode !== NATION_CODE ? p.divisionCode : run.jurisdictionCode);
      // A listed person of no known division in a national run is judged by the national pack (no region assumed).
      const pack = this.registry.resolve(jurisdiction, today);
      const marks = new Set<Mark>([...((known?.marks ?? []) as Mark[]), mark]);
      const decision = evaluateDifficulty(
        {
          sex,
          ageYears: age,
          marks,
          ...(p.grade !== null ? { disabilityGrade: p.grade } : {}),
          ...(known?.registration_kind ? { registrationKind: known.registration_kind } : {}),
          ...(known?.registered_on ? { registeredMonths: Math.max(0, (asOf.year - Number(known.registered_on.slice(0, 4))) * 12 + asOf.month - Number(known.registered_on.slice(5, 7))) } : {}),
          ...(known?.zero_employment === 'true' ? { householdZeroEmployment: true } : known?.zero_employment === 'false' ? { householdZeroEmployment: false } : {}),
          ...(known?.urban !== null && known?.urban !== undefined ? { urban: known.urban } : {}),
        },
        pack,
      );
      const criteria = decision.categories.filter((x) => x.met === true).map((x) => ({ id: x.id, nameZh: x.nameZh, nameEn: x.nameEn, source: x.source }));
      const evidence = [{ dataset: kind, file: run.fileName, lines: p.lines.slice(0, 12), name: p.name, divisionCode: p.divisionCode, since: p.since, ...(p.grade !== null ? { grade: p.grade } : {}) }];
      const base = {
        personId: known?.id ?? pseudoPersonId(bidx),
        runId: run.id,
        category: 'discovery',
        datasetKind: kind,
        state: 'pending',
        jurisdictionCode: jurisdiction,
        personKnown: known !== undefined,
        subject: known ? null : { name: p.name, idMasked: maskIdNumber(p.idNumber), idEnc: this.cipher.encrypt(normalizeIdNumber(p.idNumber)), bidx },
        criteria,
        evidence,
        asOf: today,
        registrationId: known?.registration_id ?? null,
      };
      if (!known?.registration_id) {
        findings.push({ ...base, rule: 'discovery.not_registered', evidenceKey: mark, proposedAction: { type: 'invite_registration', mayQualifyFor: ['unemployment_registration', ...(criteria.length ? ['difficulty_recognition'] : [])], pack: `${pack.id}@${pack.version}`, source: DATASETS[kind].source } });
      } else if (!marks.has('difficulty') && criteria.length > 0) {
        findings.push({ ...base, rule: 'discovery.not_recognised', evidenceKey: known.registration_id, proposedAction: { type: 'recognise_difficulty', mayQualifyFor: ['difficulty_recognition'], pack: `${pack.id}@${pack.version}`, source: DATASETS[kind].source } });
      }
    }
    if (kind === 'dibao') {
      // Registrants in hardship who are not on the 低保 list: propose a referral to civil affairs (R7.4).
      findings.push(...(await this.hardshipFindings(run, today, { bidx: new Set(bidxOf.keys()), file: run.fileName ?? kind })));
    }
    return { findings, matches: facts.size, known: facts.size };
  }

  /** Employers paying the disability-employment fee near disabled registrants: proposed job recommendations. */
  private async employerFindings(run: RunRow, employers: Awaited<ReturnType<ComparisonEngine['employers']>>, today: string): Promise<{ findings: NewFinding[]; registrants: number }> {
    const byCounty = new Map<string, typeof employers>();
    for (const e of employers) {
      const county = e.divisionCode.slice(0, 6);
      const list = byCounty.get(county) ?? [];
      if (list.length < 5) list.push(e);
      byCounty.set(county, list);
    }
    const registrants = await this.repo.disabledRegistrants(run.jurisdictionCode, today);
    const findings: NewFinding[] = [];
    for (const r of registrants) {
      const near = byCounty.get(r.jurisdiction_code.slice(0, 6));
      if (!near?.length) continue;
      const year = Math.max(...near.map((e) => e.year));
      findings.push({
        personId: r.person_id,
        runId: run.id,
        category: 'referral',
        datasetKind: 'tax_disability_fee',
        rule: 'referral.disability_employers',
        evidenceKey: `${r.registration_id}:${year}`,
        proposedAction: { type: 'recommend_employers', service: 'job_recommendation', employers: near.map((e) => ({ name: e.employerName, creditCode: e.employerCreditCode })), source: '残疾人就业保障金征收使用管理办法; R7.1' },
        evidence: near.map((e) => ({ dataset: 'tax_disability_fee', file: run.fileName, line: e.line, employerName: e.employerName, employerCreditCode: e.employerCreditCode, divisionCode: e.divisionCode, year: e.year, amount: e.amount })),
        state: 'pending',
        jurisdictionCode: r.jurisdiction_code,
        registrationId: r.registration_id,
        asOf: today,
      });
    }
    return { findings, registrants: registrants.length };
  }

  /**
   * Referral (R7.4): active unemployment registrants of the run's jurisdiction in hardship — the rules package's
   * `hardshipCriteria` with the pack in force for each person (a zero-employment household, registered the pack's
   * months or more without unemployment-insurance benefit, or a recorded monthly income of 0) — who have no 低保 / low-income / social-assistance mark (and, for a 低保 list, are not on it) →
   * a proposed referral to civil affairs with the criteria met. One finding per registration, whichever run finds
   * it (dataset `registry`: the facts are the registry's).
   */
  private async hardshipFindings(run: RunRow, today: string, notOnList: { bidx: ReadonlySet<string>; file: string } | null): Promise<NewFinding[]> {
    const findings: NewFinding[] = [];
    const asOf = parseIsoDate(today, 'today');
    for (const r of await this.repo.hardshipRegistrants(run.jurisdictionCode, today, MIN_REFERRAL_MONTHS)) {
      if (notOnList?.bidx.has(r.id_number_bidx)) continue;
      const pack = this.registry.resolve(r.jurisdiction_code, today);
      const { criteria, longTermMonths, explanation } = hardshipCriteria(
        {
          zeroEmploymentHousehold: r.zero_employment === null ? null : r.zero_employment === 'true',
          registeredOn: parseIsoDate(r.registered_on, 'registeredOn'),
          uiBenefitEligible: r.ui_benefit_eligible === null ? null : r.ui_benefit_eligible === 'true',
          monthlyIncome: r.income_enc === null ? null : Number(this.cipher.decrypt(r.income_enc)),
        },
        asOf,
        pack,
      );
      if (criteria.length === 0) continue;
      findings.push({
        personId: r.person_id,
        runId: run.id,
        category: 'referral',
        datasetKind: 'registry',
        rule: 'referral.civil_affairs',
        evidenceKey: r.registration_id,
        proposedAction: {
          type: 'referral',
          service: 'referral_civil_affairs',
          // No income, or no one employed in the household: the household's means are for 低保 to assess; long-term
          // unemployment without benefit alone: temporary relief. The caseworker confirms (and may note otherwise).
          referralKind: criteria.some((c) => c.id !== 'long_term_without_benefit') ? 'dibao' : 'temporary_relief',
          toZh: '民政部门（临时救助、低保）',
          toEn: 'civil affairs (temporary relief, dibao)',
          source: 'NM24 一(三); NM22 三(七)',
        },
        criteria: criteria.map((c) => ({ ...c })),
        evidence: [
          {
            dataset: 'registry',
            registeredOn: r.registered_on,
            criteria: criteria.map((c) => c.id),
            zeroEmploymentHousehold: r.zero_employment === 'true',
            uiBenefitEligible: r.ui_benefit_eligible,
            longTermMonths,
            pack: explanation.pack,
            explanation: explanation.text,
            ...(notOnList ? { notOnList: notOnList.file } : {}),
          },
        ],
        state: 'pending',
        jurisdictionCode: r.jurisdiction_code,
        registrationId: r.registration_id,
        asOf: today,
      });
    }
    return findings;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Registry checks (runs without a partner file): stale files (R7.5) and registrants in hardship (R7.4).

  async startStale(who: Uploader, months?: number): Promise<RunRow> {
    const m = months ?? this.options.staleMonths ?? 6;
    if (!Number.isInteger(m) || m < 1 || m > 120) {
      throw new AppError('VALIDATION_FAILED', { field: 'body.months', params: { detail: 'months: 1–120' }, issues: [{ field: 'body.months', messageZh: '月数应为 1 至 120 的整数', messageEn: 'months must be an integer from 1 to 120' }] });
    }
    const { run } = await this.repo.insertRun({ datasetKind: 'registry', partner: 'bangfu', state: 'queued', phase: 'queued', options: { check: 'stale', months: m }, jurisdictionCode: who.jurisdictionCode, createdBy: who.userId, createdByName: who.username });
    return run;
  }

  async startHardship(who: Uploader): Promise<RunRow> {
    const { run } = await this.repo.insertRun({ datasetKind: 'registry', partner: 'bangfu', state: 'queued', phase: 'queued', options: { check: 'hardship' }, jurisdictionCode: who.jurisdictionCode, createdBy: who.userId, createdByName: who.username });
    return run;
  }

  private async executeRegistry(run: RunRow, hooks: RunHooks): Promise<RunRow> {
    const started = performance.now();
    try {
      await hooks.onPhase?.('match');
      const today = this.today();
      let findings: NewFinding[];
      if (run.options?.check === 'hardship') {
        findings = await this.hardshipFindings(run, today, null);
      } else {
        const months = Number(run.options?.months ?? this.options.staleMonths ?? 6);
        const stale = await this.repo.staleRegistrants(run.jurisdictionCode, today, months);
        findings = stale.map((s) => ({
          personId: s.person_id,
          runId: run.id,
          category: 'stale',
          datasetKind: 'registry',
          rule: 'stale.no_update',
          evidenceKey: `${s.registration_id}:${s.last_update}`,
          proposedAction: { type: 'update_file', months, source: 'NM24 三; XC23 三(四)' },
          evidence: [{ dataset: 'registry', registeredOn: s.registered_on, lastUpdate: s.last_update, months }],
          state: 'pending',
          jurisdictionCode: s.jurisdiction_code,
          registrationId: s.registration_id,
          asOf: today,
        }));
      }
      await hooks.onPhase?.('findings');
      const created = await this.repo.transaction((tx) => this.repo.insertFindings(tx, findings));
      return this.finish(run, { state: 'done', phase: 'done', registrants: findings.length, matches: findings.length, findingsCreated: run.findingsCreated + created, timings: { total: Math.round(performance.now() - started) / 1000 } });
    } catch (e) {
      if ((e as { simulatedCrash?: boolean }).simulatedCrash) throw e;
      return this.finish(run, { state: 'failed', error: errorOf(e) });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Background worker (inside the server): queued runs one at a time; runs of a dead process are resumed.

  /**
   * Start-up (the server's onReady, i.e. `serve`): temp files of dead processes are swept, runs interrupted by a
   * crash are resumed now — not when their lease runs out, nor when the next upload wakes the worker — abandoned
   * confirmations are recovered, and rejected-row data past its retention is deleted (then hourly).
   */
  start(): void {
    this.stopped = false;
    void this.recoverApplying().catch(() => undefined);
    this.started = this.startUp().catch(() => undefined);
    this.housekeeping ??= setInterval(() => void this.applyRetention().catch(() => undefined), 3_600_000).unref();
  }

  private async startUp(): Promise<void> {
    await sweepTempFiles(this.options.workDir);
    await sweepLegacyFiles(this.options.workDir, await this.repo.liveFilePaths());
    await this.applyRetention();
    await this.resumeInterrupted();
  }

  /**
   * Runs left `running` by a process that died (kill -9, power loss): their lease is released and the worker
   * resumes them at once. A lease owner (`host:pid:instance`) is dead when it is of this host and its process is
   * gone, or is this process under another instance (a restarted container reuses the pid). Leases of other hosts
   * are left to run out; the worker wakes when they do. Answers the runs released.
   */
  async resumeInterrupted(): Promise<string[]> {
    const released = await this.releaseInterrupted();
    this.kick();
    return released;
  }

  /** Releases the leases of runs whose process died (see resumeInterrupted) without running them (`compare run`). */
  async releaseInterrupted(): Promise<string[]> {
    const released: string[] = [];
    for (const r of await this.repo.runningRuns()) {
      if (!r.leaseOwner || !leaseOwnerDead(r.leaseOwner, this.options.exclusiveDatabase === true)) continue;
      if (await this.repo.releaseLease(r.id, r.leaseOwner)) released.push(r.id);
    }
    return released;
  }

  /** Deletes rejected-row data of runs finished longer ago than the retention (default 30 days; 0 keeps it). */
  async applyRetention(): Promise<number> {
    const days = this.options.retentionDays ?? 30;
    if (days <= 0) return 0;
    return this.repo.purgeRejected(new Date(this.clock().getTime() - days * 86_400_000));
  }

  kick(): void {
    if (this.worker || this.stopped) return;
    this.worker = (async () => {
      try {
        for (;;) {
          if (this.stopped) return;
          const next = (await this.repo.resumable())[0];
          if (!next) return;
          await this.execute(next.id).catch(() => undefined);
        }
      } finally {
        this.worker = null;
        if (!this.stopped) void this.wakeAtLeaseEnd().catch(() => undefined);
      }
    })();
  }

  /** A run of another (possibly dead) process is resumed when its lease runs out, without waiting for an upload. */
  private async wakeAtLeaseEnd(): Promise<void> {
    const ends = (await this.repo.runningRuns()).filter((r) => r.leaseOwner !== this.owner && r.leaseUntil).map((r) => r.leaseUntil!.getTime());
    if (ends.length === 0 || this.stopped) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.kick();
    }, Math.max(100, Math.min(...ends) - Date.now() + 100)).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    LIVE_OWNERS.delete(this.owner);
    if (this.wake) clearTimeout(this.wake);
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.wake = null;
    this.housekeeping = null;
    this.current?.interrupt();
    await this.started;
    await this.worker?.catch(() => undefined);
    await this.duck.close();
  }

  /** Waits until the worker has nothing left (tests, CLI). */
  async idle(): Promise<void> {
    await this.started;
    while (this.worker) await this.worker.catch(() => undefined);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading runs.

  /**
   * Who may see a run: staff with comparison.read, every run of their subtree; others (partners: comparison.runs
   * without comparison.read) only the runs they uploaded — their progress, counts and rejected rows, never findings.
   */
  private visibleRun(ctx: RequestContext, run: RunRow | undefined, action: string): RunRow {
    const scope = scopeOf(ctx);
    if (!run || !scope.covers(run.jurisdictionCode) || !this.seesRun(ctx, run)) {
      // Answered 404 (existence is not revealed) but audited as a refusal, as out-of-scope persons are.
      if (run) ctx.audit = { action, resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode, denied: true, detail: { reason: scope.covers(run.jurisdictionCode) ? 'not_own_run' : 'out_of_scope' } };
      throw new AppError('NOT_FOUND', { field: 'params.id' });
    }
    return run;
  }

  /** What a caller sees of runs: match and findings counts only with findings access (see runView). */
  runAccess(ctx: RequestContext): { counts: boolean } {
    return { counts: this.ownRunsOnly(ctx) === null };
  }

  private ownRunsOnly(ctx: RequestContext): string | null {
    const actor = requireActor(ctx);
    return can(actor.role, 'comparison.read') ? null : actor.userId;
  }

  private seesRun(ctx: RequestContext, run: RunRow): boolean {
    const own = this.ownRunsOnly(ctx);
    return own === null || run.createdBy === own;
  }

  async getRun(ctx: RequestContext, id: string): Promise<RunRow> {
    return this.visibleRun(ctx, await this.repo.run(id), 'comparison.run.read');
  }

  async listRuns(ctx: RequestContext, q: { state?: string | undefined; kind?: string | undefined; limit?: number | undefined }): Promise<RunRow[]> {
    return this.repo.runs(scopeOf(ctx), { ...q, createdBy: this.ownRunsOnly(ctx), limit: q.limit ?? 50 });
  }

  async cancel(ctx: RequestContext, id: string): Promise<RunRow> {
    const run = this.visibleRun(ctx, await this.repo.run(id), 'comparison.run.cancel');
    if (run.state === 'queued') {
      await this.finish(run, { state: 'cancelled', cancelRequested: true });
    } else if (run.state === 'running') {
      await this.repo.updateRun(run.id, { cancelRequested: true });
      // A running run of this process stops at its next heartbeat; one whose process died is cancelled now.
      if (!run.leaseUntil || run.leaseUntil.getTime() < Date.now()) await this.finish(run, { state: 'cancelled' });
    } else {
      throw stateError(run, '取消', 'cancel');
    }
    ctx.audit = { action: 'comparison.run.cancel', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode };
    return (await this.repo.run(run.id))!;
  }

  /** Rejected rows as CSV (UTF-8 with BOM for Excel): line, reasons, then the row's cells (decrypted; audited). */
  async rejectedCsv(ctx: RequestContext, id: string): Promise<string> {
    const run = this.visibleRun(ctx, await this.repo.run(id), 'comparison.run.rejected');
    const spec = isDatasetKind(run.datasetKind) ? DATASETS[run.datasetKind] : undefined;
    const fields = spec?.fields ?? [];
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [['行号 line', '原因 reasons', ...fields.map((f) => `${f.zh} ${f.key}`)].map(esc).join(',')];
    let after = 0;
    for (;;) {
      const page = await this.repo.rejectedPage(run.id, after, 5000);
      for (const r of page) {
        const cells = r.rowEnc ? (JSON.parse(this.cipher.decrypt(r.rowEnc)) as Record<string, string | null>) : {};
        const reasons = r.reasons.map((x) => `${x.field}: ${x.zh} / ${x.en}`).join('; ');
        lines.push([String(r.rowNo), reasons, ...fields.map((f) => cells[f.key] ?? '')].map(esc).join(','));
      }
      if (page.length < 5000) break;
      after = page[page.length - 1]!.rowNo;
    }
    ctx.audit = { action: 'comparison.run.rejected', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode, sensitive: true };
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Findings.

  async listFindings(ctx: RequestContext, q: { state?: string | undefined; kind?: string | undefined; category?: string | undefined; jurisdiction?: string | undefined; runId?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const { items, total } = await this.repo.findings(scope, { within, state: q.state, kind: q.kind, category: q.category, runId: q.runId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  private async visibleFinding(ctx: RequestContext, id: string, action: string): Promise<FindingWithPerson> {
    const f = await this.repo.finding(id);
    if (!f || !scopeOf(ctx).covers(f.jurisdictionCode)) {
      if (f) ctx.audit = { action, resourceType: 'comparison_finding', resourceId: id, jurisdictionCode: f.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
      throw new AppError('NOT_FOUND', { field: 'params.id' });
    }
    return f;
  }

  async getFinding(ctx: RequestContext, id: string): Promise<FindingWithPerson> {
    return this.visibleFinding(ctx, id, 'comparison.finding.read');
  }

  /**
   * Confirms a finding and applies its proposed action through the registration service (its own transaction,
   * rules check and audit note). The finding is claimed first (`applying`, with the claim's time in `applied`), so
   * two caseworkers cannot apply it twice; when applying fails it goes back to `pending`. A claim abandoned by a
   * crash (older than APPLYING_STALE_MS) is recovered first, see `recoverApplying`.
   */
  async confirm(ctx: RequestContext, id: string, body: { note?: string | undefined; employerName?: string | undefined }): Promise<FindingWithPerson> {
    const actor = requireActor(ctx);
    let f = await this.visibleFinding(ctx, id, 'comparison.finding.confirm');
    if (f.state === 'applying') f = await this.recoverIfAbandoned(f);
    if (f.state !== 'pending') throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: f.state } });
    const proposed = f.proposedAction as Record<string, unknown>;
    // An employment registration needs the employer's name; a file that gave only the credit code leaves it to the
    // caseworker (never the code recorded as a name).
    const employerName = proposed.type === 'employment_registration' ? body.employerName?.trim() || (typeof proposed.employerName === 'string' ? proposed.employerName.trim() : '') : '';
    if (proposed.type === 'employment_registration' && !employerName) {
      throw new AppError('COMPARISON_EMPLOYER_NAME_REQUIRED', { field: 'body.employerName', params: { creditCode: typeof proposed.employerCreditCode === 'string' ? proposed.employerCreditCode : '—' } });
    }
    const claim = { claimedAt: new Date().toISOString(), by: actor.username, ...(employerName ? { employerName } : {}) };
    const claimed = await this.repo.transition(f, 'pending', { state: 'applying', decidedBy: actor.userId, decidedByName: actor.username, decidedAt: this.clock(), applied: { claim } });
    if (!claimed) throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: 'applying' } });
    const a = f.proposedAction as Record<string, unknown>;
    const spec = isDatasetKind(f.datasetKind) ? DATASETS[f.datasetKind] : undefined;
    let applied: Record<string, unknown> = { type: a.type };
    let registrationAudit: unknown = null;
    try {
      if (a.type === 'employment_registration') {
        const e = await this.registration.registerEmployment(ctx, f.personId, {
          employerName,
          ...(typeof a.employerCreditCode === 'string' ? { employerCreditCode: a.employerCreditCode } : {}),
          startedOn: String(a.startedOn),
          type: a.employmentType === 'self_employed' ? 'self_employed' : 'stable',
        });
        applied = { type: a.type, employmentId: e.id, employerName, endedRegistration: e.endedRegistration };
      } else if (a.type === 'deregister' && f.registrationId) {
        const lines = f.evidence.map((x) => x.line).filter((x) => x !== undefined).slice(0, 5).join(',');
        const d = await this.registration.deregister(ctx, f.registrationId, {
          reason: a.reason as DeregistrationReason,
          on: String(a.on),
          note: `信息比对 ${spec?.zh ?? f.datasetKind}（比对结果 ${f.id}${lines ? `，第 ${lines} 行` : ''}）${body.note ? `：${body.note}` : ''}`,
        });
        applied = { type: a.type, registrationId: d.registration.id, reason: d.registration.deregistration?.reason ?? a.reason, cancelledOn: d.registration.cancelledOn };
      } else if (a.type === 'referral' && this.referrals) {
        const criteria = (f.criteria ?? []).map((c) => String(c.nameZh ?? c.id)).join('、');
        const r = await this.referrals.refer(ctx, f.personId, {
          kind: a.referralKind === 'dibao' ? 'dibao' : 'temporary_relief',
          reason: `信息比对（比对结果 ${f.id}）${criteria ? `：${criteria}` : ''}${body.note ? `；${body.note}` : ''}`,
        });
        applied = { type: a.type, referralId: r.id, kind: r.kind };
      }
      registrationAudit = ctx.audit.action ? { ...ctx.audit } : null;
    } catch (e) {
      await this.repo.transition(f, 'applying', { state: 'pending', decidedBy: null, decidedByName: null, decidedAt: null, applied: null });
      throw e;
    }
    // The action is applied: the finding is confirmed even if a recovery sweep has meanwhile put it back to pending.
    await this.repo.completeApplying(f, { state: 'confirmed', applied: { ...applied, claim, note: body.note ?? null } });
    ctx.audit = {
      action: 'comparison.finding.confirm',
      resourceType: 'comparison_finding',
      resourceId: f.id,
      jurisdictionCode: f.jurisdictionCode,
      ...(body.note ? { reason: body.note } : {}),
      detail: { personId: f.personId, rule: f.rule, datasetKind: f.datasetKind, runId: f.runId, action: a, applied, evidence: f.evidence, registrationAudit },
    };
    return (await this.repo.finding(f.id)) ?? f;
  }

  async dismiss(ctx: RequestContext, id: string, body: { reason: string }): Promise<FindingWithPerson> {
    const actor = requireActor(ctx);
    const reason = body.reason.trim();
    if (!reason) {
      throw new AppError('VALIDATION_FAILED', { field: 'body.reason', params: { detail: 'body.reason' }, issues: [{ field: 'body.reason', messageZh: '驳回须填写理由', messageEn: 'a reason is required to dismiss' }] });
    }
    let f = await this.visibleFinding(ctx, id, 'comparison.finding.dismiss');
    if (f.state === 'applying') f = await this.recoverIfAbandoned(f);
    if (f.state !== 'pending') throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: f.state } });
    const done = await this.repo.transition(f, 'pending', { state: 'dismissed', dismissReason: reason, decidedBy: actor.userId, decidedByName: actor.username, decidedAt: this.clock() });
    if (!done) throw new AppError('COMPARISON_FINDING_DECIDED', { params: { state: 'changed' } });
    ctx.audit = { action: 'comparison.finding.dismiss', resourceType: 'comparison_finding', resourceId: f.id, jurisdictionCode: f.jurisdictionCode, reason, detail: { personId: f.personId, rule: f.rule, datasetKind: f.datasetKind } };
    return (await this.repo.finding(f.id)) ?? f;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Recovery of confirmations abandoned by a crash (a finding left in `applying`).

  /** When a claim counts as abandoned (no confirmation takes minutes; its process died). */
  private claimedAt(f: FindingRow): number {
    const at = (f.applied as { claim?: { claimedAt?: unknown } } | null)?.claim?.claimedAt;
    return typeof at === 'string' ? Date.parse(at) : (f.decidedAt?.getTime() ?? 0);
  }

  private async recoverIfAbandoned(f: FindingWithPerson): Promise<FindingWithPerson> {
    if (Date.now() - this.claimedAt(f) < (this.options.applyingStaleMs ?? APPLYING_STALE_MS)) return f;
    await this.recoverOne(f);
    return (await this.repo.finding(f.id)) ?? f;
  }

  /**
   * Findings left in `applying` longer than APPLYING_STALE_MS: the action was either applied (then the finding is
   * confirmed, `applied.recovered` true) or not (then it goes back to `pending`, to be confirmed again). Whether it
   * was applied is read from the registry, never guessed: the deregistration carries the finding's id in its note;
   * the employment registration is the person's one with the proposed employer and start date created after the
   * claim. Each recovery is audited. Called when the worker starts, by `bangfu compare run`, and before a confirm or
   * dismiss of such a finding. Returns how many were confirmed and reset.
   */
  async recoverApplying(): Promise<{ confirmed: number; reset: number }> {
    const out = { confirmed: 0, reset: 0 };
    const limit = Date.now() - (this.options.applyingStaleMs ?? APPLYING_STALE_MS);
    for (const f of await this.repo.findingsInState('applying')) {
      if (this.claimedAt(f) >= limit) continue;
      const r = await this.recoverOne(f);
      if (r) out[r]++;
    }
    return out;
  }

  private async recoverOne(f: FindingRow): Promise<'confirmed' | 'reset' | null> {
    const a = f.proposedAction as Record<string, unknown>;
    const claim = (f.applied as { claim?: Record<string, unknown> } | null)?.claim ?? null;
    let applied: Record<string, unknown> | null = null;
    if (a.type === 'deregister' && f.registrationId) {
      const r = await this.repo.registrationState(f.registrationId);
      if (r && r.state !== 'active' && r.deregistration_reason === a.reason && (r.deregistration_note ?? '').includes(f.id)) {
        applied = { type: a.type, registrationId: f.registrationId, reason: r.deregistration_reason, cancelledOn: r.cancelled_on };
      }
    } else if (a.type === 'employment_registration') {
      // Clocks of the application and the database may differ a little: a minute of slack before the claim.
      const since = new Date(this.claimedAt(f) - 60_000);
      const name = typeof claim?.employerName === 'string' ? claim.employerName : String(a.employerName);
      const e = await this.repo.employmentSince(f.personId, name, String(a.startedOn), a.employmentType === 'self_employed' ? 'self_employed' : 'stable', since);
      if (e) applied = { type: a.type, employmentId: e.id, endedRegistrationId: e.ended_registration_id };
    } else if (a.type === 'referral' && this.referrals) {
      const r = await this.repo.referralNaming(f.personId, f.id);
      if (r) applied = { type: a.type, referralId: r.id, kind: r.kind };
    } else {
      // Confirming other proposals records the decision only: nothing can have been half done.
      applied = { type: a.type };
    }
    const next = applied
      ? await this.repo.transition(f, 'applying', { state: 'confirmed', applied: { ...applied, claim, recovered: true } })
      : await this.repo.transition(f, 'applying', { state: 'pending', decidedBy: null, decidedByName: null, decidedAt: null, applied: null });
    if (!next) return null; // someone else finished or recovered it meanwhile
    await this.repo.audit({
      action: 'comparison.finding.recover',
      resourceType: 'comparison_finding',
      resourceId: f.id,
      jurisdictionCode: f.jurisdictionCode,
      outcome: 'ok',
      detail: { personId: f.personId, rule: f.rule, claim, result: applied ? 'confirmed' : 'pending', applied },
    });
    return applied ? 'confirmed' : 'reset';
  }

  /** Confirmed / dismissed / pending per jurisdiction (one level below the requested one) and dataset. */
  async summary(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const len = codePrefix(within).length;
    const level = len === 0 ? 2 : len === 2 ? 4 : len === 4 ? 6 : len === 6 ? 9 : 12;
    const rows = await this.repo.summary(scope, within, level);
    const names = await this.repo.divisionNames([...new Set(rows.map((r) => r.jurisdiction))]);
    const groups = new Map<string, { jurisdiction: { code: string; name: string }; datasetKind: string; pending: number; confirmed: number; dismissed: number }>();
    for (const r of rows) {
      const key = `${r.jurisdiction}|${r.dataset_kind}`;
      const g = groups.get(key) ?? { jurisdiction: { code: r.jurisdiction, name: names.get(r.jurisdiction) ?? r.jurisdiction }, datasetKind: r.dataset_kind, pending: 0, confirmed: 0, dismissed: 0 };
      if (r.state === 'confirmed') g.confirmed += r.n;
      else if (r.state === 'dismissed') g.dismissed += r.n;
      else g.pending += r.n;
      groups.set(key, g);
    }
    const items = [...groups.values()].map((g) => {
      const total = g.pending + g.confirmed + g.dismissed;
      const decided = g.confirmed + g.dismissed;
      return { ...g, total, confirmedRate: decided ? Math.round((g.confirmed / decided) * 1000) / 1000 : null, decidedRate: total ? Math.round((decided / total) * 1000) / 1000 : null };
    });
    return { jurisdiction: within, items };
  }

  /** Saves a header mapping for the caller's jurisdiction (used in its subtree; other jurisdictions keep theirs). */
  async saveMapping(ctx: RequestContext, partner: string, kind: string, mapping: Record<string, string>): Promise<void> {
    const actor = requireActor(ctx);
    if (!isDatasetKind(kind)) throw new AppError('NOT_FOUND', { field: 'params.kind' });
    const known = new Set(DATASETS[kind].fields.map((f) => f.key));
    for (const k of Object.keys(mapping)) {
      if (!known.has(k)) throw new AppError('VALIDATION_FAILED', { field: `body.mapping.${k}`, params: { detail: k }, issues: [{ field: `body.mapping.${k}`, messageZh: `${kind} 没有字段 ${k}`, messageEn: `${kind} has no field ${k}` }] });
    }
    await this.repo.saveMapping(partner, kind, mapping, actor.userId, actor.jurisdictionCode);
    ctx.audit = { action: 'comparison.mapping.save', resourceType: 'comparison_mapping', resourceId: `${actor.jurisdictionCode}/${partner}/${kind}`, jurisdictionCode: actor.jurisdictionCode };
  }

  /** The mapping an upload by the caller would use: the nearest saved one from its jurisdiction up to the nation. */
  async mapping(ctx: RequestContext, partner: string, kind: string): Promise<Record<string, string>> {
    return (await this.repo.mapping(partner, kind, requireActor(ctx).jurisdictionCode)) ?? {};
  }

  /** Used by the routes for uploads and by `invalid file` errors elsewhere. */
  static fileInvalid = fileInvalid;
}

/** Composition for `createServices`: findings are applied through the registration slice's own (stateless) service. */
export function createComparisonService(config: { dataDir: string; databaseUrl?: string | undefined; comparisonRetentionDays?: number }, db: Database, cipher: FieldCipher, registry: PackRegistry, auth: AuthService, clock: SwitchableClock = new SwitchableClock()): ComparisonService {
  const registration = createRegistrationServices(db, cipher, auth, registry, clock).registration;
  // Referral findings are confirmed through the referrals slice (its own service over the same database).
  const referrals = new ReferralsService(new ReferralsRepository(db), new AssistanceService(new AssistanceRepository(db), cipher, registry, clock), cipher, registry, clock);
  return new ComparisonService(new ComparisonRepository(db), cipher, registry, registration, { workDir: join(config.dataDir, 'comparison'), retentionDays: config.comparisonRetentionDays, exclusiveDatabase: !config.databaseUrl }, () => clock.now(), referrals);
}
