/**
 * The national occupational classification (职业分类大典 2022): codes `d-dd-dd-dd` in four levels (大类, 中类, 小类,
 * 细类/职业). Closeness of two codes is the depth of their common prefix in the tree. Pure: no IO.
 */
export const OCCUPATION_CODE = /^\d-\d{2}-\d{2}-\d{2}$/;

export function isOccupationCode(code: string): boolean {
  return OCCUPATION_CODE.test(code);
}

/** How many leading levels two codes share (0–4); a trailing `00` segment is not a level of its own. */
export function sharedLevels(a: string, b: string): number {
  const sa = a.split('-');
  const sb = b.split('-');
  let n = 0;
  for (let i = 0; i < 4; i++) {
    if (sa[i] !== sb[i]) break;
    if (i > 0 && sa[i] === '00') break;
    n++;
  }
  // Identical codes match fully even when they end in 00 (a code of a higher level).
  return a === b ? 4 : n;
}

/** The level of a code: 1 大类 (x-00-00-00), 2 中类, 3 小类, 4 细类. */
export function occupationLevel(code: string): 1 | 2 | 3 | 4 {
  const s = code.split('-');
  if (s[1] === '00') return 1;
  if (s[2] === '00') return 2;
  if (s[3] === '00') return 3;
  return 4;
}

/** The codes above a code (its 大类, 中类, 小类 as written in the tree), nearest first. */
export function occupationAncestors(code: string): string[] {
  const [a, b, c] = code.split('-');
  const out = [`${a}-${b}-${c}-00`, `${a}-${b}-00-00`, `${a}-00-00-00`];
  return [...new Set(out)].filter((x) => x !== code);
}
