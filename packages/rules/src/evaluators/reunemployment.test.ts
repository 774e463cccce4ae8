import { describe, expect, it } from 'vitest';
import { evaluateReunemployment } from './reunemployment.ts';
import { d, packs } from './test-helpers.ts';

describe('re-unemployment window (CQ25 四; XC23 三(三))', () => {
  it.each<[string, string | undefined, string, boolean, string | null]>([
    ['no employment before', undefined, '2026-03-01', false, null],
    ['registered 5 months after the employment began', '2025-10-01', '2026-03-01', true, '2026-10-01'],
    ['the last day of the window counts', '2025-10-01', '2026-10-01', true, '2026-10-01'],
    ['the day after the window does not', '2025-10-01', '2026-10-02', false, '2026-10-01'],
  ])('%s', (_n, started, registeredOn, reunemployed, windowEndsOn) => {
    for (const pack of Object.values(packs)) {
      const r = evaluateReunemployment({ registeredOn: d(registeredOn), lastEmploymentStartedOn: started ? d(started) : undefined }, pack);
      expect([r.reunemployed, r.windowEndsOn, r.windowMonths]).toEqual([reunemployed, windowEndsOn, 12]);
      expect(r.explanation.source).toContain('CQ25');
    }
  });
});
