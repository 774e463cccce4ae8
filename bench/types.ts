/** What every benchmark file (`bench/*.bench.ts`) exports as default. */
export interface BenchOptions {
  /** PostgreSQL URL for database benchmarks; absent → those benches report that they were skipped. */
  readonly databaseUrl: string | undefined;
  /** Multiplier from the command line (`npm run bench -- --scale 0.1` for a quick run); 1 = the issue's target size. */
  readonly scale: number;
}

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human target from the issue, e.g. `< 10 s`. */
  readonly target?: string;
  /** Whether the target was met (absent when there is no target). */
  readonly ok?: boolean;
  readonly notes?: string;
}

export interface Bench {
  readonly name: string;
  run(options: BenchOptions): Promise<BenchResult[]>;
}

/** Peak resident memory of this process so far, in MiB (Linux: VmHWM). */
export async function peakRssMiB(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    if (m?.[1]) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall back to the current RSS
  }
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}
