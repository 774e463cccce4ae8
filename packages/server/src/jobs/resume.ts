/**
 * Resume interrupted work at start: the one place where `startApp` (so `bangfu serve`) picks up background work
 * a previous process left unfinished — stopped cleanly or killed. Each task must be idempotent (it may find
 * nothing to do, or work another server already took) and return quickly: long work goes on in the background.
 *
 * To add a slice's work, append one entry to `RESUME_AT_START` (e.g. comparison runs:
 * `{ name: 'comparison', resume: (s) => s.comparison.resume() }`).
 */
import type { Services } from '../services.ts';
import { serializeError } from '../http/log-redaction.ts';

export interface ResumeTask {
  readonly name: string;
  /** Starts resuming (a worker loop in the background); a rejection is logged, never fatal to the start. */
  resume(services: Services): void | Promise<void>;
}

export const RESUME_AT_START: readonly ResumeTask[] = [
  // Bulk imports: queued jobs and jobs left running continue after the last committed batch; retention purge.
  { name: 'imports', resume: (s) => s.imports.resume() },
  // Message delivery: claimed-but-unfinished messages are taken over when their lease runs out (never sent twice).
  { name: 'messages', resume: (s) => s.messages.worker.start(s.config.messagesPollSeconds * 1000) },
];

/** Runs every task; one failing does not stop the others or the server. Answers the names of the tasks that failed. */
export async function resumeInterruptedWork(
  services: Services,
  tasks: readonly ResumeTask[] = RESUME_AT_START,
  // Redacted like every other log line: an error's message may quote personal data.
  log: (message: string, error: unknown) => void = (m, e) => console.error(m, serializeError(e)),
): Promise<string[]> {
  const failed: string[] = [];
  for (const task of tasks) {
    try {
      await task.resume(services);
    } catch (e) {
      failed.push(task.name);
      log(`恢复中断的任务失败 / resuming interrupted work failed: ${task.name}`, e);
    }
  }
  return failed;
}
