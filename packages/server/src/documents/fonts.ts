/**
 * Fonts for generated PDFs. PDF's standard fonts have no Chinese glyphs, so documents embed Noto Sans Hans (SIL OFL
 * 1.1) from the npm package `@embedpdf/fonts-sc`, installed by `npm install` with the product — never downloaded
 * at run time and not copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const CJK_FONT_NAME = 'NotoSansHans-Regular';
// The package exports only its JS entry (dist/); the font files sit beside it in fonts/.
export const CJK_FONT_PATH = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

let cached: Buffer | undefined;

/** The CJK font file (8 MB), read once per process; pdfkit subsets it to the glyphs a document uses. */
export function cjkFont(): Buffer {
  cached ??= readFileSync(CJK_FONT_PATH);
  return cached;
}
