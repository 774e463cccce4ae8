import { useState } from 'react';
import { Button, Card, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { audit } from '../api/endpoints.ts';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditOutcome } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { useApi } from '../components/useApi.ts';

interface Filters {
  action?: string;
  username?: string;
  outcome?: AuditOutcome;
}

const OUTCOME_COLOR: Record<string, string> = { ok: 'green', denied: 'orange', error: 'red' };

const clean = (value: string | undefined) => value?.trim() || undefined;

/** Audit log (admin, supervisor): every sensitive read and decision, filterable by action and user. */
export function AuditPage() {
  const { t, label, language } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [form] = Form.useForm<Filters>();

  const [result, retry] = useApi(
    (signal) => audit.list({ page, pageSize, ...filters }, signal),
    [page, pageSize, filters.action, filters.username, filters.outcome],
  );

  const columns: ColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t('audit.col.at'),
      render: (_, e) => new Date(e.at).toLocaleString(language),
      width: 180,
    },
    { key: 'username', title: t('audit.col.username'), render: (_, e) => e.username ?? '—' },
    { key: 'role', title: t('audit.col.role'), render: (_, e) => (e.role ? label('role', e.role) : '—'), responsive: ['md'] },
    { key: 'action', title: t('audit.col.action'), render: (_, e) => <Typography.Text code>{e.action}</Typography.Text> },
    {
      key: 'resource',
      title: t('audit.col.resource'),
      render: (_, e) => (e.resourceType ? `${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ''}` : '—'),
      responsive: ['lg'],
    },
    { key: 'jurisdiction', title: t('audit.col.jurisdiction'), render: (_, e) => e.jurisdictionCode ?? '—', responsive: ['lg'] },
    { key: 'ip', title: t('audit.col.ip'), render: (_, e) => e.ip ?? '—', responsive: ['xl'] },
    { key: 'reason', title: t('audit.col.reason'), render: (_, e) => e.reason ?? '—', responsive: ['md'] },
    {
      key: 'outcome',
      title: t('audit.col.outcome'),
      render: (_, e) => <Tag color={OUTCOME_COLOR[e.outcome] ?? 'default'}>{label('audit.outcome', e.outcome)}</Tag>,
    },
  ];

  return (
    <Card title={t('audit.title')}>
      <Flex vertical gap={16}>
        <Form<Filters>
          form={form}
          layout="inline"
          onFinish={(values) => {
            setPage(1);
            setFilters({ action: clean(values.action), username: clean(values.username), outcome: values.outcome });
          }}
        >
          <Form.Item name="action" label={t('audit.filter.action')}>
            <Input allowClear placeholder="person.reveal" />
          </Form.Item>
          <Form.Item name="username" label={t('audit.filter.username')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.filter.outcome')}>
            <Select<AuditOutcome>
              allowClear
              style={{ minWidth: 120 }}
              options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: label('audit.outcome', o) }))}
            />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setPage(1);
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        {result.state === 'error' ? (
          <ErrorView error={result.error} onRetry={retry} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            loading={result.state === 'loading'}
            columns={columns}
            dataSource={result.state === 'ready' ? result.data.items : []}
            scroll={{ x: 'max-content' }}
            expandable={{
              rowExpandable: (e) => e.detail !== null && e.detail !== undefined,
              expandedRowRender: (e) => (
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.detail, null, 2)}</pre>
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: result.state === 'ready' ? result.data.total : 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        )}
      </Flex>
    </Card>
  );
}
