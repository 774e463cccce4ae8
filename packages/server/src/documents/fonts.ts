/**
 * Fonts for generated PDFs. PDF's standard fonts have no Chinese glyphs, so documents embed Noto Sans Hans (SIL OFL
 * 1.1) shipped in `packages/server/assets/fonts` — read from the repository, never downloaded at run time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CJK_FONT_NAME = 'NotoSansHans-Regular';
export const CJK_FONT_PATH = fileURLToPath(new URL('../../assets/fonts/NotoSansHans-Regular.otf', import.meta.url));

let cached: Buffer | undefined;

/** The CJK font file (8 MB), read once per process; pdfkit subsets it to the glyphs a document uses. */
export function cjkFont(): Buffer {
  cached ??= readFileSync(CJK_FONT_PATH);
  return cached;
}
