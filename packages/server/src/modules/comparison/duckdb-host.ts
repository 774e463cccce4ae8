/** The process's in-memory DuckDB for comparison runs, and DuckDB's CSV errors as the run's bilingual errors. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { EngineOptions } from './engine.types.ts';
import { fileInvalid } from './source.ts';

/** DuckDB's CSV errors name a line; turn them into the bilingual error of the run. */
export function csvError(e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  if (/interrupt/i.test(msg)) return e as Error;
  const line = /line:?\s*(\d+)/i.exec(msg)?.[1];
  const expected = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  if (expected) {
    return fileInvalid(
      `第 ${line ?? '?'} 行有 ${expected[2]} 列，表头有 ${expected[1]} 列（文件可能被截断或行尾损坏）`,
      `line ${line ?? '?'} has ${expected[2]} cells where the header has ${expected[1]} (truncated file or broken line?)`,
    );
  }
  if (/quote/i.test(msg) || /unterminated/i.test(msg)) {
    return fileInvalid(`第 ${line ?? '?'} 行引号未闭合（文件可能被截断）`, `line ${line ?? '?'} has an unterminated quote (truncated file?)`);
  }
  if (/invalid unicode|utf-?8/i.test(msg)) return fileInvalid(`第 ${line ?? '?'} 行不是有效的 UTF-8 文本`, `line ${line ?? '?'} is not valid UTF-8`);
  const first = msg.split('\n')[0]?.slice(0, 300) ?? msg;
  return fileInvalid(`CSV 解析失败：${first}`, `CSV parsing failed: ${first}`);
}

/**
 * The in-memory DuckDB of a process's comparison runs: created on first use, shared by the runs (each in a schema
 * of its own, dropped when the run ends), closed after a minute without runs. Closing an instance that has held
 * 10,000,000 rows blocks for 0.3–0.6 s (it returns its memory); per run, that was paid at the end of every run.
 */
export class DuckDBHost {
  private instance: Promise<DuckDBInstance> | null = null;
  private users = 0;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: EngineOptions = {},
    private readonly idleMs = 60_000,
  ) {}

  async acquire(): Promise<DuckDBInstance> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.users++;
    // No automatic checkpoint: on an in-memory database it only recompresses the tables, and after the CREATE TABLE
    // of 10,000,000 rows it ran inside the next statement for 7 s (profiled: checkpoint_latency of the match).
    this.instance ??= DuckDBInstance.create(':memory:', { memory_limit: this.options.memoryLimit ?? '1GB', threads: String(this.options.threads ?? 2), checkpoint_threshold: '1TB' });
    try {
      return await this.instance;
    } catch (e) {
      this.instance = null;
      this.users--;
      throw e;
    }
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.instance) return;
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }

  /** Closes the instance now (server shutdown; an idle minute). Runs still using it keep it. */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.users > 0 || !this.instance) return;
    const pending = this.instance;
    this.instance = null;
    (await pending.catch(() => null))?.closeSync();
  }
}
