/** Comparison uploads as the console sends them (multipart with the dataset kind and options), for the comparison tests. */
import { multipart } from './multipart.ts';
import type { Session } from './test-app.ts';

export function upload(s: Session, kind: string, name: string, data: Buffer, extra: Record<string, string> = {}) {
  const m = multipart({ kind, ...extra }, { name, data });
  return s.post('/api/v1/comparison/files', m.payload, m.headers);
}

/** A UTF-8 CSV file of these lines. */
export function csv(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}
