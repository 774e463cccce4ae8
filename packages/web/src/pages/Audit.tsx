import { useEffect } from 'react';
import { Button, Card, Form, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { audit } from '../api/endpoints.ts';
import { AUDIT_OUTCOMES, type AuditEntry, type AuditOutcome } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ListTable, useListQuery } from '../components/ListTable.tsx';

const FILTER_KEYS = ['action', 'username', 'outcome'] as const;
type Filters = { action?: string; username?: string; outcome?: AuditOutcome };

const OUTCOME_COLOR: Record<string, string> = { ok: 'green', denied: 'orange', error: 'red' };

const isOutcome = (v: string): v is AuditOutcome => (AUDIT_OUTCOMES as readonly string[]).includes(v);

/** Audit log (admin, supervisor): every sensitive read and decision, filterable by action and user, newest first. */
export function AuditPage() {
  const { t, label, language } = useI18n();
  const list = useListQuery(FILTER_KEYS);
  const [form] = Form.useForm<Filters>();
  const { action, username, outcome } = list.filter;
  const filter = { action: action || undefined, username: username || undefined, outcome: isOutcome(outcome) ? outcome : undefined };
  useEffect(() => form.setFieldsValue(filter), [action, username, outcome]);

  const columns: ColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.col.at'), render: (_, e) => new Date(e.at).toLocaleString(language), width: 180, sorter: true },
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
      <ListTable<AuditEntry, (typeof FILTER_KEYS)[number]>
        query={list}
        rowKey="id"
        columns={columns}
        load={(page, signal) => audit.list({ ...filter, ...page }, signal)}
        exportTo={{ path: '/api/v1/audit/export.xlsx', query: filter }}
        table={{
          size: 'small',
          expandable: {
            rowExpandable: (e) => e.detail !== null && e.detail !== undefined,
            expandedRowRender: (e) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.detail, null, 2)}</pre>,
          },
        }}
        toolbar={
          <Form<Filters>
            form={form}
            layout="inline"
            onFinish={(values) =>
              list.setFilter({ action: values.action?.trim() || null, username: values.username?.trim() || null, outcome: values.outcome ?? null })
            }
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
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>{' '}
              <Button
                onClick={() => {
                  form.resetFields();
                  list.setFilter({ action: null, username: null, outcome: null });
                }}
              >
                {t('common.reset')}
              </Button>
            </Form.Item>
          </Form>
        }
      />
    </Card>
  );
}
