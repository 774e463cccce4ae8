import { useEffect, useRef, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Flex, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { download, type Query } from '../api/client.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from './ErrorView.tsx';
import { useAction } from './useAction.ts';
import { useApi } from './useApi.ts';

export type SortOrder = 'asc' | 'desc';

function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const LIST_PARAMS = new Set(['page', 'pageSize', 'sort', 'order']);

export interface ListQuery<K extends string> {
  /** The filter values ('' when unset), from the URL. */
  filter: Record<K, string>;
  page: number;
  pageSize: number;
  /** The server-side sort column (one of the list's sortable keys) and order; undefined → the list's default. */
  sort: string | undefined;
  order: SortOrder | undefined;
  /** Sets filter values (a changed filter starts again at page 1); null or '' removes one. */
  setFilter(changes: Partial<Record<K, string | null>>): void;
  /** Sets paging or sort (internal to the table, and for pages that keep extra URL state). */
  set(changes: Record<string, string | null>, resetPage?: boolean): void;
  defaultPageSize: number;
}

/**
 * A list's state in the URL (the back button returns to the same page, a link can be shared): its filters,
 * `page`, `pageSize`, `sort` and `order`. `resetOn` values (the picked jurisdiction) start again at page 1. A second
 * list on the same page names its paging and sort with a `prefix` (`rejectionsPage`, …).
 */
export function useListQuery<K extends string>(keys: readonly K[], options: { pageSize?: number; resetOn?: unknown; prefix?: string } = {}): ListQuery<K> {
  const [params, setParams] = useSearchParams();
  const defaultPageSize = options.pageSize ?? 20;
  const { prefix } = options;
  // The URL name of a paging/sort parameter (filters keep their own names).
  const name = (k: string) => (prefix && LIST_PARAMS.has(k) ? `${prefix}${k.charAt(0).toUpperCase()}${k.slice(1)}` : k);
  const set = (changes: Record<string, string | null>, resetPage = false) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(name(k));
        else next.set(name(k), v);
      }
      if (resetPage) next.delete(name('page'));
      return next;
    });
  // A new jurisdiction starts again at page 1 (the old page number may not exist there).
  const first = useRef(options.resetOn);
  useEffect(() => {
    if (first.current === options.resetOn) return;
    first.current = options.resetOn;
    set({ page: null }, false);
  }, [options.resetOn]);
  const order = params.get(name('order'));
  return {
    filter: Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>,
    page: positiveInt(params.get(name('page')), 1),
    pageSize: positiveInt(params.get(name('pageSize')), defaultPageSize),
    sort: params.get(name('sort')) ?? undefined,
    order: order === 'asc' || order === 'desc' ? order : undefined,
    setFilter: (changes) => set(changes as Record<string, string | null>, true),
    set,
    defaultPageSize,
  };
}

export interface PageOf<T> {
  items: T[];
  total: number;
}

/** A list the server answers whole (not paged there): the table pages it in the browser. */
export function whole<T>(answer: Promise<{ items: T[] }>): Promise<PageOf<T>> {
  return answer.then((r) => ({ items: r.items, total: r.items.length }));
}

export interface ListTableProps<T, K extends string, P extends PageOf<T> = PageOf<T>> {
  query: ListQuery<K>;
  /** One page of the list for the query (`sort`/`order` only when the user picked one). */
  load(q: { page: number; pageSize: number; sort?: string; order?: SortOrder }, signal: AbortSignal): Promise<P>;
  /** Anything else the answer depends on (the jurisdiction). */
  deps?: readonly unknown[];
  /** Columns; those with `sorter: true` sort on the server by their `key`. */
  columns: ColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  /** The export of the current filter: the API path and the query (the filter as the list sends it). */
  exportTo?: { path: string; query: Query } | undefined;
  /** Filters and buttons shown above the table, left of the export button. */
  toolbar?: ReactNode;
  /** Extra Table props (expandable rows, row class, empty text, size). */
  table?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'pagination' | 'loading' | 'rowKey' | 'onChange'> & { 'data-testid'?: string };
  /** Called with each loaded page (e.g. to show an "as of" line). */
  children?: (page: P | null) => ReactNode;
  /** A line above the filters about the loaded page (totals, as-of date). */
  summary?: (page: P | null) => ReactNode;
  pageSizeOptions?: number[];
}

/**
 * The one list table of the console: filters and page in the URL, paged and sorted on the server, "导出 xlsx"
 * of the current filter (the server writes the file, masked as listed, and audits it).
 */
export function ListTable<T extends object, K extends string, P extends PageOf<T> = PageOf<T>>(props: ListTableProps<T, K, P>) {
  const { t } = useI18n();
  const { query } = props;
  const sortQuery = query.sort ? { sort: query.sort, ...(query.order ? { order: query.order } : {}) } : {};
  const [result, retry] = useApi(
    (signal) => props.load({ page: query.page, pageSize: query.pageSize, ...sortQuery }, signal),
    [query.page, query.pageSize, query.sort, query.order, JSON.stringify(query.filter), ...(props.deps ?? [])],
  );
  const columns = props.columns.map((c) =>
    c.sorter === true && c.key !== undefined
      ? { ...c, sortOrder: query.sort === c.key ? (query.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null }
      : c,
  );
  const onChange: TableProps<T>['onChange'] = (_p, _f, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
    const key = s?.order ? String(s.columnKey) : null;
    query.set({ sort: key, order: s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : null }, true);
  };
  const exportTo = props.exportTo;
  const page = result.state === 'ready' ? result.data : null;
  return (
    <Flex vertical gap={16}>
      {props.summary?.(page)}
      {(props.toolbar || exportTo) && (
        <Flex gap={8} wrap align="center" justify="space-between">
          <Flex gap={8} wrap align="center">
            {props.toolbar}
          </Flex>
          {exportTo && <ExportButton path={exportTo.path} query={{ ...exportTo.query, ...sortQuery }} />}
        </Flex>
      )}
      {result.state === 'error' ? (
        <ErrorView error={result.error} onRetry={retry} />
      ) : (
        <Table<T>
          rowKey={props.rowKey}
          size="middle"
          scroll={{ x: 'max-content' }}
          {...props.table}
          loading={result.state === 'loading'}
          columns={columns}
          dataSource={page?.items ?? []}
          onChange={onChange}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: page?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: props.pageSizeOptions ?? [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (nextPage, nextSize) =>
              query.set({
                page: nextSize !== query.pageSize ? null : String(nextPage),
                pageSize: nextSize === query.defaultPageSize ? null : String(nextSize),
              }),
          }}
        />
      )}
      {props.children?.(page)}
    </Flex>
  );
}

/** "导出 xlsx": downloads the current filter's rows from the server (masked as listed, audited there). */
export function ExportButton({ path, query }: { path: string; query: Query }) {
  const { t } = useI18n();
  const exporting = useAction();
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={exporting.busy}
      data-testid="list-export"
      onClick={() =>
        void exporting.run(() => download(path, query), {
          success: (r) => t(r.truncated ? 'list.exportedCapped' : 'list.exported', { rows: r.rows }),
        })
      }
    >
      {t('list.export')}
    </Button>
  );
}
