/**
 * The shared list-query convention: `sort` is one of the list's sortable column keys (each list names its own,
 * validated here), `order` is asc or desc. A list's export takes the same query without `page`/`pageSize`.
 */
import { z } from 'zod';

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** `{ sort, order }` for a list whose sortable columns are `columns`; anything else is refused naming the field. */
export function ZListSort<const K extends readonly [string, ...string[]]>(columns: K, defaults: { sort: K[number]; order: SortOrder }) {
  const sort = z.enum(columns) as z.ZodType<K[number]>;
  return z.object({ sort: sort.default(defaults.sort), order: z.enum(SORT_ORDERS).default(defaults.order) });
}
