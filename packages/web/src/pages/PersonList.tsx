import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Flex, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { persons } from '../api/endpoints.ts';
import type { PersonListItem } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { useApi } from '../components/useApi.ts';

const DEFAULT_PAGE_SIZE = 20;

function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Persons of the picked jurisdiction, paged on the server. Search `q` matches name, pinyin or ID number. Page and
 * search live in the URL so the back button returns to the same page.
 */
export function PersonListPage() {
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);

  // A new jurisdiction starts again at page 1 (the old page number may not exist there).
  const firstJurisdiction = useRef(current.code);
  useEffect(() => {
    if (firstJurisdiction.current === current.code) return;
    firstJurisdiction.current = current.code;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [current.code, setParams]);

  useEffect(() => setDraft(q), [q]);

  const [result, retry] = useApi(
    (signal) => persons.list({ jurisdiction: current.code, q: q.trim() || undefined, page, pageSize }, signal),
    [current.code, q, page, pageSize],
  );

  const update = (changes: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      return next;
    });

  const columns: ColumnsType<PersonListItem> = [
    {
      key: 'name',
      title: t('persons.col.name'),
      render: (_, p) => <Link to={`/persons/${encodeURIComponent(p.id)}`}>{p.name}</Link>,
    },
    { key: 'sex', title: t('persons.col.sex'), render: (_, p) => label('sex', p.sex), responsive: ['sm'] },
    { key: 'birthDate', title: t('persons.col.birthDate'), dataIndex: 'birthDate', responsive: ['md'] },
    {
      key: 'idNumber',
      title: t('persons.col.idNumber'),
      render: (_, p) => <Typography.Text code>{p.idNumberMasked}</Typography.Text>,
    },
    { key: 'phone', title: t('persons.col.phone'), render: (_, p) => p.phoneMasked ?? '—', responsive: ['md'] },
    {
      key: 'jurisdiction',
      title: t('persons.col.jurisdiction'),
      render: (_, p) => p.jurisdiction.name,
      responsive: ['lg'],
    },
    {
      key: 'marks',
      title: t('persons.col.marks'),
      responsive: ['lg'],
      render: (_, p) => (
        <Flex wrap gap={4}>
          {p.marks.map((m) => (
            <Tag key={m}>{label('mark', m)}</Tag>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      title={t('persons.title')}
      extra={<Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>}
    >
      <Flex vertical gap={16}>
        <Input.Search
          allowClear
          placeholder={t('persons.search')}
          aria-label={t('persons.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(value) => update({ q: value.trim() || null, page: null })}
          enterButton={t('common.search')}
          style={{ maxWidth: 480 }}
          data-testid="persons-search"
        />
        {result.state === 'error' ? (
          <ErrorView error={result.error} onRetry={retry} />
        ) : (
          <Table<PersonListItem>
            rowKey="id"
            size="middle"
            loading={result.state === 'loading'}
            columns={columns}
            dataSource={result.state === 'ready' ? result.data.items : []}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize,
              total: result.state === 'ready' ? result.data.total : 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.total', { total }),
              onChange: (nextPage, nextSize) =>
                update({
                  page: nextSize !== pageSize ? null : String(nextPage),
                  pageSize: nextSize === DEFAULT_PAGE_SIZE ? null : String(nextSize),
                }),
            }}
          />
        )}
      </Flex>
    </Card>
  );
}
