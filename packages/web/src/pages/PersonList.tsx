import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Dropdown, Flex, Input, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { canAccess } from '../access.ts';
import { persons } from '../api/endpoints.ts';
import { EMPLOYMENT_STATUSES, MARKS, SERVICE_LEVELS, TIERS, type PersonListItemEx } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { useUser } from '../state/session.tsx';
import { ListTable, useListQuery } from '../components/ListTable.tsx';
import { PERSON_FILTER_KEYS, deleteFilter, loadFilters, saveFilter, type PersonFilter, type SavedFilter } from '../lib/saved-filters.ts';

function storage(): Pick<Storage, 'getItem' | 'setItem'> {
  try {
    return window.localStorage;
  } catch {
    // Private mode without storage: saved filters last for the page's life only.
    const data = new Map<string, string>();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  }
}

/**
 * Persons of the picked jurisdiction, paged on the server. Search `q` matches ID number, phone, name or pinyin
 * (full or initials); mark and employment status filter on the server. Page, search and filters live in the URL
 * so the back button returns to the same page; named filters are saved in this browser.
 */
export function PersonListPage() {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const { current } = useJurisdiction();
  const list = useListQuery(PERSON_FILTER_KEYS, { resetOn: current.code });
  const currentFilter: PersonFilter = list.filter;
  const { q, mark, status, tier, level } = list.filter;
  const [draft, setDraft] = useState(q);
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadFilters(storage(), user.id));

  useEffect(() => setDraft(q), [q]);

  // The filter as the API takes it (an empty value is no filter).
  const apiFilter = {
    jurisdiction: current.code,
    q: q.trim() || undefined,
    mark: mark || undefined,
    status: status || undefined,
    tier: tier || undefined,
    level: level || undefined,
  };
  const update = (changes: Partial<Record<(typeof PERSON_FILTER_KEYS)[number], string | null>>) => list.setFilter(changes);

  const saveCurrent = () => {
    let name = '';
    modal.confirm({
      title: t('filters.saveTitle'),
      content: <Input autoFocus maxLength={30} placeholder={t('filters.name')} onChange={(e) => (name = e.target.value)} data-testid="filter-name" />,
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: () => {
        if (!name.trim()) {
          void message.warning(t('filters.nameRequired'));
          return Promise.reject(new Error('name required'));
        }
        setSaved(saveFilter(storage(), user.id, name.trim(), currentFilter));
        void message.success(t('common.saved'));
        return undefined;
      },
    });
  };

  const columns: ColumnsType<PersonListItemEx> = [
    {
      key: 'name',
      title: t('persons.col.name'),
      sorter: true,
      render: (_, p) => (
        <>
          <Link to={`/persons/${encodeURIComponent(p.id)}`}>{p.name}</Link>
          {p.identityVerified === false && (
            <Tag color="orange" style={{ marginInlineStart: 6 }}>
              {t('identity.unverified')}
            </Tag>
          )}
        </>
      ),
    },
    { key: 'sex', title: t('persons.col.sex'), render: (_, p) => label('sex', p.sex), responsive: ['sm'] },
    { key: 'birthDate', title: t('persons.col.birthDate'), dataIndex: 'birthDate', responsive: ['md'], sorter: true },
    {
      key: 'idNumber',
      title: t('persons.col.idNumber'),
      render: (_, p) => <Typography.Text code>{p.idNumberMasked}</Typography.Text>,
    },
    { key: 'phone', title: t('persons.col.phone'), render: (_, p) => p.phoneMasked ?? '—', responsive: ['md'] },
    {
      key: 'status',
      title: t('person.employmentStatus'),
      render: (_, p) => label('employmentStatus', p.employmentStatus),
      responsive: ['sm'],
    },
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
      extra={
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>
          {canAccess(user.role, 'personNew') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/persons/new')} data-testid="person-new">
              {t('person.new')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('persons.searchHint')}
        </Typography.Text>
        <ListTable<PersonListItemEx, (typeof PERSON_FILTER_KEYS)[number]>
          query={list}
          rowKey="id"
          columns={columns}
          deps={[current.code]}
          load={(page, signal) => persons.list({ ...apiFilter, ...page }, signal)}
          exportTo={{ path: '/api/v1/persons/export.xlsx', query: apiFilter }}
          toolbar={
            <>
        <Input.Search
          allowClear
          placeholder={t('persons.search')}
          aria-label={t('persons.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(value) => update({ q: value.trim() || null })}
          enterButton={t('common.search')}
          style={{ maxWidth: 420 }}
          data-testid="persons-search"
        />
          <Select
            allowClear
            placeholder={t('filters.mark')}
            aria-label={t('filters.mark')}
            value={mark || undefined}
            onChange={(v: string | undefined) => update({ mark: v ?? null })}
            options={MARKS.map((m) => ({ value: m, label: label('mark', m) }))}
            style={{ minWidth: 170 }}
            data-testid="filter-mark"
          />
          <Select
            allowClear
            placeholder={t('filters.status')}
            aria-label={t('filters.status')}
            value={status || undefined}
            onChange={(v: string | undefined) => update({ status: v ?? null })}
            options={EMPLOYMENT_STATUSES.map((m) => ({ value: m, label: label('employmentStatus', m) }))}
            style={{ minWidth: 150 }}
            data-testid="filter-status"
          />
          <Select
            allowClear
            placeholder={t('filters.tier')}
            aria-label={t('filters.tier')}
            value={tier || undefined}
            onChange={(v: string | undefined) => update({ tier: v ?? null })}
            options={TIERS.map((m) => ({ value: m, label: label('tier', m) }))}
            style={{ minWidth: 170 }}
            data-testid="filter-tier"
          />
          <Select
            allowClear
            placeholder={t('filters.level')}
            aria-label={t('filters.level')}
            value={level || undefined}
            onChange={(v: string | undefined) => update({ level: v ?? null })}
            options={SERVICE_LEVELS.map((m) => ({ value: m, label: label('serviceLevel', m) }))}
            style={{ minWidth: 130 }}
            data-testid="filter-level"
          />
          <Dropdown
            trigger={['click']}
            menu={{
              items:
                saved.length === 0
                  ? [{ key: '-', label: t('filters.none'), disabled: true }]
                  : saved.map((f) => ({
                      key: f.name,
                      label: (
                        <Flex justify="space-between" gap={12} align="center">
                          <span>{f.name}</span>
                          <DeleteOutlined
                            aria-label={t('common.remove')}
                            onClick={(e) => {
                              e.stopPropagation();
                              setSaved(deleteFilter(storage(), user.id, f.name));
                            }}
                          />
                        </Flex>
                      ),
                    })),
              onClick: ({ key }) => {
                const f = saved.find((x) => x.name === key);
                if (f) update(Object.fromEntries(PERSON_FILTER_KEYS.map((k) => [k, f.filter[k] ?? null])));
              },
            }}
          >
            <Button icon={<StarOutlined />} data-testid="saved-filters">
              {t('filters.saved')}
            </Button>
          </Dropdown>
          <Button icon={<SaveOutlined />} onClick={saveCurrent} disabled={PERSON_FILTER_KEYS.every((k) => !currentFilter[k])}>
            {t('filters.save')}
          </Button>
            </>
          }
        />
      </Flex>
    </Card>
  );
}
