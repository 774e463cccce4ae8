// 服务找人: everything due or overdue in the picked jurisdiction (GET /api/v1/worklist), grouped by kind — first
// contact, missing obligations (one row per person listing every service still owed, each with its deadline),
// follow-ups, stale files, tier changes — overdue first, then by deadline. Each row opens the person with the
// service form pre-filled; selected people can get the same service in one go (bulk).
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Badge, Button, Empty, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../api/client.ts';
import { worklist, services } from '../../api/endpoints.ts';
import { CONTACT_CHANNELS, SERVICE_TYPES, type ServiceBody, type DueWorklist as TDueWorklist, type WorkItem, type WorkKind } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ExportButton } from '../../components/ListTable.tsx';
import { isoDate } from '../../lib/dates.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { newIdempotencyKey } from './RecordServiceDialog.tsx';
import { ServiceDateItem } from './ServiceDateItem.tsx';
import { VerifyEmploymentActions } from './VerifyEmploymentActions.tsx';

const itemKey = (w: WorkItem) => `${w.kind}:${w.personId}`;

/** Items per group and page: the counts cover everything; each page is read from the server when shown. */
const PAGE = 20;

type GroupPage = { page: number; items: WorkItem[]; loading: boolean };

interface BulkValues {
  type: ServiceBody['type'];
  channel: ServiceBody['channel'];
  servedOn: Dayjs;
  content?: string;
}

/** The same service (by default a recruitment event) for many people; all or nothing on the server. */
function BulkDialog({ personIds, today, onClose, onDone }: { personIds: string[]; today: string; onClose: () => void; onDone: (created: number, replayed: number) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<BulkValues>();
  const [key] = useState(newIdempotencyKey);
  return (
    <FormDialog<BulkValues>
      open
      form={form}
      title={t('worklist.bulk.title', { count: personIds.length })}
      okText={t('common.save')}
      testId="bulk"
      onClose={onClose}
      onSubmit={async (v) => {
        const r = await services.bulk({ personIds, type: v.type, channel: v.channel, servedOn: isoDate(v.servedOn.toDate()), content: v.content?.trim() || undefined, idempotencyKey: key });
        onDone(r.created, r.replayed);
      }}
      initialValues={{ type: 'recruitment_event', channel: 'in_person', servedOn: dayjs(today) }}
    >
      <Form.Item name="type" label={t('service.type')} rules={[{ required: true }]}>
        <Select
          data-testid="bulk-type"
          showSearch={{ optionFilterProp: 'label' }}
          // A job recommendation names a posting per person: not a bulk service.
          options={SERVICE_TYPES.filter((s) => s !== 'job_recommendation').map((s) => ({ value: s, label: label('serviceType', s) }))}
        />
      </Form.Item>
      <Form.Item name="channel" label={t('service.channel')} rules={[{ required: true }]}>
        <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
      </Form.Item>
      <ServiceDateItem form={form} today={today} testId="bulk-date" />
      <Form.Item name="content" label={t('service.content')} extra={t('worklist.bulk.contentHint')}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="bulk-content" />
      </Form.Item>
    </FormDialog>
  );
}

export function DueWorklist({ jurisdiction, writable }: { jurisdiction: string; writable: boolean }) {
  const { t, label, language } = useI18n();
  const { message } = App.useApp();
  const [result, retry] = useApi((signal) => worklist.due({ jurisdiction, limit: PAGE }, signal), [jurisdiction]);
  const [pages, setPages] = useState<Partial<Record<WorkKind, GroupPage>>>({});
  const [selected, setSelected] = useState<Record<string, string>>({});
  const loaded: TDueWorklist | null = result.state === 'ready' ? result.data : null;
  // A fresh list (another jurisdiction, a reload after a bulk action) starts every group on its first page.
  useEffect(() => setPages({}), [loaded]);

  const showPage = async (kind: WorkKind, page: number) => {
    if (page === 1) {
      setPages((prev) => ({ ...prev, [kind]: undefined }));
      return;
    }
    setPages((prev) => ({ ...prev, [kind]: { page, items: prev[kind]?.items ?? [], loading: true } }));
    try {
      const r = await worklist.due({ jurisdiction, kind, limit: PAGE, offset: (page - 1) * PAGE });
      setPages((prev) => ({ ...prev, [kind]: { page, items: r.groups[0]?.items ?? [], loading: false } }));
    } catch (err) {
      setPages((prev) => ({ ...prev, [kind]: undefined }));
      void message.error(errorMessage(err));
    }
  };
  const [bulkOpen, setBulkOpen] = useState(false);
  const personIds = [...new Set(Object.values(selected))];

  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const data = result.state === 'ready' ? result.data : null;

  const due = (w: WorkItem) => {
    if (!w.dueOn) return <Typography.Text type="secondary">{t('service.obligation.noDeadline')}</Typography.Text>;
    const today = data?.asOf;
    return (
      <span data-testid="due-on">
        <Typography.Text type={w.overdue ? 'danger' : undefined} strong={w.overdue || w.dueOn === today}>
          {w.dueOn}
        </Typography.Text>{' '}
        {w.overdue ? <Tag color="red">{t('service.status.overdue')}</Tag> : w.dueOn === today ? <Tag color="orange">{t('worklist.due.today')}</Tag> : null}
      </span>
    );
  };

  const what = (w: WorkItem) => {
    if (!w.obligations?.length) return language === 'en-US' ? w.textEn : w.textZh;
    return (
      <Flex vertical gap={2}>
        {w.obligations.map((o) => (
          <span key={o.rule} data-testid={`owed-${o.rule}`}>
            {language === 'en-US' ? o.textEn : o.textZh}{' '}
            <Typography.Text type={o.overdue ? 'danger' : 'secondary'} strong={o.overdue}>
              {o.dueOn ?? t('service.obligation.noDeadline')}
            </Typography.Text>
          </span>
        ))}
      </Flex>
    );
  };

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Text data-testid="due-summary">
          {data ? t('worklist.due.summary', { total: data.total, overdue: data.overdue }) : t('common.loading')}
        </Typography.Text>
        <Flex gap={8}>
          <ExportButton path="/api/v1/worklist/export.xlsx" query={{ jurisdiction }} />
          {writable && (
          <Button type="primary" disabled={personIds.length === 0} onClick={() => setBulkOpen(true)} data-testid="bulk-open">
            {t('worklist.bulk.button', { count: personIds.length })}
          </Button>
          )}
        </Flex>
      </Flex>
      {data && data.groups.every((g) => g.total === 0) && <Empty description={t('worklist.empty')} />}
      {(data?.groups ?? []).filter((g) => g.total > 0).map((g) => (
        <Flex vertical gap={8} key={g.kind} data-testid={`group-${g.kind}`}>
          <Flex align="center" gap={8}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t(`worklist.kind.${g.kind}`)}
            </Typography.Title>
            <Badge count={g.total} showZero color="blue" overflowCount={9999} />
            {g.overdue > 0 && <Tag color="red">{t('worklist.due.overdueCount', { count: g.overdue })}</Tag>}
          </Flex>
          <Table<WorkItem>
            rowKey={itemKey}
            size="small"
            dataSource={pages[g.kind]?.items ?? g.items}
            loading={result.state !== 'ready' || pages[g.kind]?.loading === true}
            scroll={{ x: 'max-content' }}
            pagination={{ current: pages[g.kind]?.page ?? 1, pageSize: PAGE, total: g.total, hideOnSinglePage: true, showSizeChanger: false, onChange: (p) => void showPage(g.kind, p) }}
            rowClassName={(w) => (w.overdue ? 'row-overdue' : '')}
            rowSelection={
              writable
                ? {
                    // Selections on other pages of the group are kept while paging.
                    preserveSelectedRowKeys: true,
                    selectedRowKeys: Object.keys(selected).filter((k) => k.startsWith(`${g.kind}:`)),
                    onChange: (keys) =>
                      setSelected((prev) => {
                        const next = Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith(`${g.kind}:`)));
                        for (const k of keys) {
                          const item = (pages[g.kind]?.items ?? g.items).find((w) => itemKey(w) === k);
                          const personId = item?.personId ?? prev[String(k)];
                          if (personId) next[String(k)] = personId;
                        }
                        return next;
                      }),
                  }
                : undefined
            }
            columns={[
              {
                key: 'name',
                title: t('persons.col.name'),
                render: (_, w) => (
                  <Link to={w.action.href} data-testid="work-open">
                    {w.name} {w.priority && <Tag color="magenta">{t('followup.priority')}</Tag>}
                  </Link>
                ),
              },
              { key: 'id', title: t('persons.col.idNumber'), render: (_, w) => <Typography.Text code>{w.idNumberMasked}</Typography.Text>, responsive: ['lg'] },
              { key: 'what', title: t('worklist.due.what'), render: (_, w) => what(w) },
              { key: 'due', title: t('worklist.due.dueOn'), render: (_, w) => due(w) },
              { key: 'source', title: t('service.obligation.clause'), render: (_, w) => <Typography.Text type="secondary">{w.source ?? '—'}</Typography.Text>, responsive: ['md'] },
              {
                key: 'action',
                title: '',
                render: (_, w) =>
                  w.kind === 'verify_employment' ? (
                    writable && <VerifyEmploymentActions item={w} onDone={retry} />
                  ) : (
                    <Link to={w.action.href}>
                      <Button size="small">{t('worklist.due.act', { service: label('serviceType', w.action.serviceType) })}</Button>
                    </Link>
                  ),
              },
            ]}
          />
        </Flex>
      ))}
      {data && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('worklist.asOf', { date: data.asOf })}
        </Typography.Text>
      )}
      {bulkOpen && data && (
        <BulkDialog
          personIds={personIds}
          today={data.asOf}
          onClose={() => setBulkOpen(false)}
          onDone={(created, replayed) => {
            setBulkOpen(false);
            setSelected({});
            void message.success(t('worklist.bulk.done', { created, replayed }));
            retry();
          }}
        />
      )}
    </Flex>
  );
}
