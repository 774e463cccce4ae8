import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Flex, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call, type Ok } from '../../api/contract.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { canDo } from '../../access.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { useAction } from '../../components/useAction.ts';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';

type OutboxItem = Ok<'/api/v1/messages', 'get'>['items'][number];
type Template = Ok<'/api/v1/messages/templates', 'get'>['items'][number];
type Batch = Ok<'/api/v1/messages/letters/batches', 'get'>['items'][number];

const STATES = ['pending', 'sending', 'sent', 'delivered', 'held', 'failed', 'printing', 'digested'] as const;
const CHANNELS = ['sms', 'in_app', 'letter'] as const;
const STATE_COLOR: Record<string, string> = { delivered: 'green', sent: 'blue', pending: 'default', sending: 'processing', held: 'orange', failed: 'red', printing: 'purple', digested: 'cyan' };

/** The outbox (states, failures with the gateway's reason, resend) or the SMS sink (`sink`). */
function OutboxTable({ sink }: { sink?: boolean }) {
  const { t, label, language } = useI18n();
  const { current } = useJurisdiction();
  const user = useUser();
  const list = useListQuery(['state', 'channel'] as const, { resetOn: current.code });
  const state = STATES.find((s) => s === list.filter.state);
  const channel = CHANNELS.find((c) => c === list.filter.channel);
  // Bumped by "refresh" and after a resend: the list is read again.
  const [round, setRound] = useState(0);
  const resending = useAction();
  const resend = async (m: OutboxItem) => {
    const done = await resending.run(() => call('post', '/api/v1/messages/{personId}/{id}/resend', { params: { personId: m.personId, id: m.id } }), { success: t('messages.resent') });
    if (done) setRound((r) => r + 1);
  };
  const columns: ColumnsType<OutboxItem> = [
    { key: 'at', title: t('messages.col.createdAt'), render: (_, m) => new Date(m.createdAt).toLocaleString(language), width: 170 },
    { key: 'to', title: t('messages.col.recipient'), render: (_, m) => `${m.recipientName ?? '—'}${m.phoneMasked && m.channel === 'sms' ? ` ${m.phoneMasked}` : ''}` },
    { key: 'channel', title: t('messages.col.channel'), render: (_, m) => t(`messages.channel.${m.channel}` as 'messages.channel.sms') },
    { key: 'template', title: t('messages.col.template'), render: (_, m) => <span title={m.templateId}>{label('messageTemplate', m.templateId)}</span>, responsive: ['lg'] },
    { key: 'text', title: t('messages.col.text'), render: (_, m) => <Typography.Paragraph style={{ margin: 0, maxWidth: 420 }} ellipsis={{ rows: 2, expandable: true }}>{m.text ?? '—'}</Typography.Paragraph> },
    {
      key: 'state',
      title: t('messages.col.state'),
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATE_COLOR[m.state] ?? 'default'} data-testid={`message-state-${m.id}`}>{t(`messages.state.${m.state}` as 'messages.state.sent')}</Tag>
          {m.heldReason && <Typography.Text type="secondary">{t('messages.reason', { reason: label('messageHeld', m.heldReason) })}</Typography.Text>}
          {m.lastError && <Typography.Text type="danger">{m.lastError}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'attempts', title: t('messages.col.attempts'), render: (_, m) => m.attempts, responsive: ['md'] },
    {
      key: 'act',
      title: '',
      render: (_, m) =>
        !sink && canDo(user.role, 'messages.manage') && (m.state === 'failed' || m.state === 'held') ? (
          <Button size="small" onClick={() => void resend(m)}>
            {t('messages.resend')}
          </Button>
        ) : null,
    },
  ];
  return (
    <ListTable<OutboxItem, 'state' | 'channel'>
      query={list}
      rowKey="id"
      deps={[current.code, sink, round]}
      // The newest 200 (the outbox is read by offset on the server, without a total): the table pages them.
      load={(_page, signal) => whole(call('get', '/api/v1/messages', { query: { jurisdiction: current.code, limit: 200, ...(sink ? { provider: 'sink' } : { state, channel }) }, signal }))}
      columns={columns}
      table={{ size: 'small', onRow: (m) => ({ 'data-subject': m.subject ?? '' }) as HTMLAttributes<HTMLElement> }}
      toolbar={
        sink ? (
          <Typography.Text type="secondary">{t('messages.sink.hint')}</Typography.Text>
        ) : (
          <>
            <Select allowClear placeholder={t('messages.col.state')} value={state} onChange={(v?: string) => list.setFilter({ state: v ?? null })} style={{ minWidth: 120 }} options={STATES.map((s) => ({ value: s, label: t(`messages.state.${s}` as 'messages.state.sent') }))} />
            <Select allowClear placeholder={t('messages.col.channel')} value={channel} onChange={(v?: string) => list.setFilter({ channel: v ?? null })} style={{ minWidth: 120 }} options={CHANNELS.map((c) => ({ value: c, label: t(`messages.channel.${c}` as 'messages.channel.sms') }))} />
            <Button onClick={() => setRound((r) => r + 1)}>{t('messages.refresh')}</Button>
          </>
        )
      }
    />
  );
}

function Counts() {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const [result, retry] = useApi((signal) => call('get', '/api/v1/messages/counts', { query: { jurisdiction: current.code, days: 14 }, signal }), [current.code]);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const data = result.state === 'ready' ? result.data : undefined;
  const rows = new Map<string, Record<string, number | string>>();
  for (const c of data?.items ?? []) {
    const key = `${c.day}|${c.channel}`;
    const row = rows.get(key) ?? { key, day: c.day, channel: c.channel };
    row[c.state] = c.n;
    rows.set(key, row);
  }
  return (
    <Flex vertical gap={12}>
      <Table
        size="small"
        loading={result.state === 'loading'}
        pagination={false}
        dataSource={[...rows.values()]}
        columns={[
          { key: 'day', title: t('messages.col.day'), dataIndex: 'day' },
          { key: 'channel', title: t('messages.col.channel'), render: (_, r) => t(`messages.channel.${String(r.channel)}` as 'messages.channel.sms') },
          ...STATES.map((s) => ({ key: s, title: t(`messages.state.${s}` as 'messages.state.sent'), render: (_: unknown, r: Record<string, number | string>) => r[s] ?? 0 })),
        ]}
      />
      {data && (
        <Card size="small" title={t('messages.policy', { mode: data.smsMode })}>
          {data.policy.map((p) => (
            <div key={p.name}>
              <Typography.Text strong>{p.name}</Typography.Text>: {p.value} <Typography.Text type="secondary">（{p.source}）</Typography.Text>
            </div>
          ))}
        </Card>
      )}
    </Flex>
  );
}

function Templates() {
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const user = useUser();
  const [result, retry] = useApi((signal) => call('get', '/api/v1/messages/templates', { signal }), []);
  const [editing, setEditing] = useState<{ id: string; text: string; code: string }>();
  const [preview, setPreview] = useState<string>();
  const action = useAction();
  const run = async (save: boolean) => {
    if (!editing) return;
    if (save) {
      const saved = await action.run(() => call('post', '/api/v1/messages/templates/{templateId}', { params: { templateId: editing.id }, body: { jurisdictionCode: current.code, textZh: editing.text, ...(editing.code ? { smsTemplateCode: editing.code } : {}) } }), { success: t('common.saved') });
      if (saved) {
        setEditing(undefined);
        retry();
      }
    } else {
      const shown = await action.run(() => call('post', '/api/v1/messages/templates/{templateId}/preview', { params: { templateId: editing.id }, body: { textZh: editing.text } }));
      if (shown) setPreview(shown.text);
    }
  };
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <Table<Template>
      rowKey="templateId"
      size="small"
      loading={result.state === 'loading'}
      pagination={false}
      dataSource={result.state === 'ready' ? result.data.items : []}
      columns={[
        { key: 'id', title: t('messages.col.template'), render: (_, r) => <span title={r.templateId}>{label('messageTemplate', r.templateId)}</span> },
        {
          key: 'text',
          title: t('messages.col.text'),
          render: (_, r) =>
            editing?.id === r.templateId ? (
              <Flex vertical gap={8} style={{ minWidth: 360 }}>
                <Input.TextArea data-testid="template-text" rows={3} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} />
                <Input placeholder={t('messages.smsTemplateCode')} value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} />
                <Typography.Text type="secondary">{t('messages.fields', { fields: r.fields.map((f) => `{${f}}`).join(' ') })}</Typography.Text>
                {preview !== undefined && <Card size="small" data-testid="template-preview">{preview}</Card>}
                <Space>
                  <Button onClick={() => void run(false)}>{t('messages.preview')}</Button>
                  <Button type="primary" onClick={() => void run(true)}>
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => setEditing(undefined)}>{t('common.cancel')}</Button>
                </Space>
              </Flex>
            ) : (
              <Flex vertical>
                <span>{r.textZh}</span>
                {r.wordings.map((w) => (
                  <Typography.Text key={w.jurisdictionCode} type="secondary">
                    {w.jurisdictionCode}：{w.textZh}
                  </Typography.Text>
                ))}
                <Typography.Text type="secondary">{r.source}</Typography.Text>
              </Flex>
            ),
        },
        {
          key: 'act',
          title: '',
          render: (_, r) =>
            canDo(user.role, 'messages.manage') && editing?.id !== r.templateId ? (
              <Button
                size="small"
                onClick={() => {
                  const own = r.wordings.find((w) => w.jurisdictionCode === current.code);
                  setPreview(undefined);
                  setEditing({ id: r.templateId, text: own?.textZh ?? r.textZh, code: own?.smsTemplateCode ?? '' });
                }}
              >
                {t('messages.edit')}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function Letters() {
  const { t, language } = useI18n();
  const { current } = useJurisdiction();
  const user = useUser();
  const [result, retry] = useApi((signal) => call('get', '/api/v1/messages/letters/batches', { signal }), [current.code]);
  const action = useAction();
  const act = async (f: () => Promise<unknown>) => {
    if ((await action.run(f)) !== undefined) retry();
  };
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <Flex vertical gap={12}>
      {canDo(user.role, 'messages.manage') && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => void act(() => call('post', '/api/v1/messages/letters/batches', { body: { jurisdiction: current.code } }))}>
          {t('messages.letters.create')}
        </Button>
      )}
      <Table<Batch>
        rowKey="id"
        size="small"
        loading={result.state === 'loading'}
        dataSource={result.state === 'ready' ? result.data.items : []}
        columns={[
          { key: 'at', title: t('messages.col.createdAt'), render: (_, b) => new Date(b.createdAt).toLocaleString(language) },
          { key: 'n', title: t('messages.letters.count'), render: (_, b) => b.letters },
          { key: 'state', title: t('messages.col.state'), render: (_, b) => t(`messages.letters.state.${b.state}` as 'messages.letters.state.created') },
          {
            key: 'act',
            title: '',
            render: (_, b) => (
              <Space>
                <a href={`/api/v1/messages/letters/batches/${encodeURIComponent(b.id)}/letters.pdf`} target="_blank" rel="noreferrer">
                  PDF
                </a>
                {canDo(user.role, 'messages.manage') && b.state === 'created' && <Button size="small" onClick={() => void act(() => call('post', '/api/v1/messages/letters/batches/{id}/printed', { params: { id: b.id } }))}>{t('messages.letters.printed')}</Button>}
                {canDo(user.role, 'messages.manage') && b.state === 'printed' && <Button size="small" onClick={() => void act(() => call('post', '/api/v1/messages/letters/batches/{id}/posted', { params: { id: b.id } }))}>{t('messages.letters.posted')}</Button>}
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}

/** A staff member's in-app messages: the daily digest of their reminders. */
export function StaffInbox() {
  const { t, language } = useI18n();
  const [result, retry] = useApi((signal) => call('get', '/api/v1/messages/inbox', { signal }), []);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={result.state === 'loading'}
      locale={{ emptyText: t('messages.inbox.empty') }}
      dataSource={result.state === 'ready' ? result.data.items : []}
      columns={[
        { key: 'at', title: t('messages.col.createdAt'), render: (_, m) => new Date(m.createdAt).toLocaleString(language), width: 170 },
        { key: 'text', title: t('messages.col.text'), render: (_, m) => m.text },
      ]}
    />
  );
}

/** Messages: outbox, counts, SMS sink, templates, letters (operators, supervisors); the staff inbox (everyone). */
export function MessagesPage() {
  const { t } = useI18n();
  const user = useUser();
  const [round, setRound] = useState(0);
  // The outbox and the sink keep their page in the URL: another tab starts at page 1.
  const list = useListQuery([] as const);
  const manager = canDo(user.role, 'messages.manage') || user.role === 'supervisor';
  const dispatching = useAction();
  const dispatch = async () => {
    const c = await dispatching.run(() => call('post', '/api/v1/messages/dispatch'), { success: (c) => t('messages.dispatched', { sent: c.sent + c.delivered, held: c.held, deferred: c.deferred }) });
    if (c) setRound((n) => n + 1);
  };
  const tabs = [
    ...(manager
      ? [
          { key: 'outbox', label: t('messages.tab.outbox'), children: <OutboxTable key={round} /> },
          { key: 'counts', label: t('messages.tab.counts'), children: <Counts key={round} /> },
          { key: 'sink', label: t('messages.tab.sink'), children: <OutboxTable key={round} sink /> },
          { key: 'templates', label: t('messages.tab.templates'), children: <Templates /> },
          { key: 'letters', label: t('messages.tab.letters'), children: <Letters key={round} /> },
        ]
      : []),
    { key: 'inbox', label: t('messages.tab.inbox'), children: <StaffInbox /> },
  ];
  return (
    <Card title={t('messages.title')} extra={canDo(user.role, 'messages.manage') ? <Button loading={dispatching.busy} onClick={() => void dispatch()}>{t('messages.dispatch')}</Button> : null}>
      <Tabs items={tabs} onChange={() => list.set({ page: null })} />
    </Card>
  );
}
