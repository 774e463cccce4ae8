// The services tab of a person file: the obligations panel (required vs delivered, due date, met / unmet /
// overdue with the clause), tier / level / follow-up, the service records with outcome and correction, the
// printables, and the "record service" form — opened pre-filled when the worklist links here with
// `?action=service&type=…&channel=…`.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Checkbox, Descriptions, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PaperClipOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { attachments, services } from '../../api/endpoints.ts';
import { JOB_RESULTS, PRINTABLE_KINDS, type JobResult, type Obligation, type PrintableKind, type ServiceRecord, type ServiceState } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { useI18n } from '../../locales/i18n.tsx';
import type { MessageKey } from '../../locales/index.ts';
import { RecordServiceDialog, newIdempotencyKey } from './RecordServiceDialog.tsx';

const PRINTABLE_LABEL: Record<PrintableKind, MessageKey> = {
  'policy-card': 'service.printable.policyCard',
  'service-list': 'service.printable.serviceList',
  'office-list': 'service.printable.officeList',
};

const STATUS_COLOR: Record<Obligation['status'], string> = { met: 'green', unmet: 'orange', overdue: 'red' };

export function ObligationsPanel({ state }: { state: ServiceState }) {
  const { t, label, language } = useI18n();
  if (!state.registered) return <Typography.Text type="secondary">{t('service.state.notRegistered')}</Typography.Text>;
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'pack', label: t('service.state.pack'), children: state.pack ?? '—' },
          {
            key: 'tier',
            label: t('service.state.tier'),
            children: state.tier ? (
              <span data-testid="service-tier">
                {label('tier', state.tier.code)} · {t('service.state.since', { on: state.tier.since })}
                {state.tier.nextChange && ` · ${t('service.state.nextChange', { on: state.tier.nextChange })}`}
              </span>
            ) : (
              '—'
            ),
          },
          { key: 'level', label: t('service.state.level'), children: state.level ? label('serviceLevel', state.level) : '—' },
          { key: 'class', label: t('service.state.class'), children: state.class ? label('intention', state.class) : '—' },
          {
            key: 'firstContact',
            label: t('reg.firstContactDeadline'),
            children: state.registration?.firstContactOn
              ? t('worklist.contacted', { on: state.registration.firstContactOn })
              : (state.registration?.firstContactDeadline ?? '—'),
          },
          {
            key: 'followUp',
            label: t('service.state.followUp'),
            children: state.followUp ? (
              <span>
                {label('followUpRhythm', state.followUp.rhythm)}
                {state.followUp.nextDueBy && ` · ${t('service.state.nextDue', { on: state.followUp.nextDueBy })}`}{' '}
                {state.followUp.overdue && <Tag color="red">{t('service.status.overdue')}</Tag>}
              </span>
            ) : (
              '—'
            ),
          },
          ...(state.stale ? [{ key: 'stale', label: t('service.state.stale'), children: <Tag color="red">{t('service.state.staleYes', { on: state.fileVerifiedOn ?? '—' })}</Tag> }] : []),
        ]}
      />
      <Table<Obligation>
        rowKey="rule"
        size="small"
        pagination={false}
        data-testid="obligations"
        dataSource={state.obligations}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('service.obligations.none') }}
        columns={[
          { key: 'service', title: t('service.type'), render: (_, o) => label('serviceType', o.service) },
          { key: 'text', title: t('service.obligation'), render: (_, o) => o.textZh, responsive: ['md'] },
          {
            key: 'count',
            title: t('service.obligation.delivered'),
            render: (_, o) => <span data-testid={`obligation-count-${o.rule}`}>{`${o.delivered} / ${o.required}`}</span>,
          },
          { key: 'due', title: t('service.obligation.due'), render: (_, o) => o.dueBy ?? t('service.obligation.noDeadline') },
          {
            key: 'status',
            title: t('service.obligation.status'),
            render: (_, o) => (
              <Tag color={STATUS_COLOR[o.status]} data-testid={`obligation-${o.rule}`} data-status={o.status}>
                {t(`service.status.${o.status}`)}
              </Tag>
            ),
          },
          { key: 'source', title: t('service.obligation.clause'), render: (_, o) => <Typography.Text type="secondary">{o.source}</Typography.Text> },
        ]}
      />
      {state.changes.length > 0 && (
        <Flex vertical gap={2}>
          <Typography.Text strong>{t('service.state.changes')}</Typography.Text>
          {state.changes.slice(-5).map((c) => (
            <Typography.Text key={`${c.at}-${c.kind}`} type="secondary">
              {c.on} · {language === 'en-US' ? c.textEn : c.textZh}
            </Typography.Text>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

function OutcomeDialog({ record, onClose, onDone }: { record: ServiceRecord; onClose: () => void; onDone: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ result: JobResult; resultReason?: string; outcome?: string }>();
  const [problems, setProblems] = useState<string[]>([]);
  const [key] = useState(newIdempotencyKey);
  const result = Form.useWatch('result', form);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await services.outcome(record.personId, record.id, { result: v.result, resultReason: v.result === 'declined' ? v.resultReason?.trim() : undefined, outcome: v.outcome?.trim() || undefined, idempotencyKey: key });
      onDone();
    } catch (err) {
      setProblems(showFieldErrors(form, err, ['result', 'resultReason', 'outcome']));
    }
  };
  return (
    <Modal open title={t('service.outcome.title')} onCancel={onClose} onOk={() => void submit()} okText={t('common.save')} destroyOnHidden>
      {problems.length > 0 && <Typography.Text type="danger">{problems.join('；')}</Typography.Text>}
      <Form form={form} layout="vertical" initialValues={{ result: (record.result as JobResult | null) ?? 'interviewed' }}>
        <Form.Item name="result" label={t('service.result')} rules={[{ required: true }]}>
          <Select options={JOB_RESULTS.map((r) => ({ value: r, label: label('jobResult', r) }))} />
        </Form.Item>
        {result === 'declined' && (
          <Form.Item name="resultReason" label={t('service.resultReason')} rules={[{ required: true, whitespace: true, message: t('service.resultReasonRequired') }]}>
            <Input maxLength={1000} />
          </Form.Item>
        )}
        <Form.Item name="outcome" label={t('service.outcome')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CorrectionDialog({ record, onClose, onDone }: { record: ServiceRecord; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string; content?: string; voided: boolean }>();
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await services.correct(record.personId, record.id, { reason: v.reason.trim(), voided: v.voided, content: v.voided ? undefined : v.content });
      onDone();
    } catch (err) {
      setProblems(showFieldErrors(form, err, ['reason', 'content', 'voided']));
    }
  };
  return (
    <Modal open title={t('service.correct.title')} onCancel={onClose} onOk={() => void submit()} okText={t('common.save')} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('service.correct.hint')}</Typography.Paragraph>
      {problems.length > 0 && <Typography.Text type="danger">{problems.join('；')}</Typography.Text>}
      <Form form={form} layout="vertical" initialValues={{ content: record.content, voided: false }}>
        <Form.Item name="reason" label={t('service.correct.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('service.correct.reasonRequired') }]}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="voided" valuePropName="checked">
          <Checkbox>{t('service.correct.voided')}</Checkbox>
        </Form.Item>
        <Form.Item name="content" label={t('service.content')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ServicesTab({ personId, personName, jurisdictionCode, writable }: { personId: string; personName: string; jurisdictionCode: string; writable: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const [stateResult, retryState] = useApi((signal) => services.state(personId, signal), [personId, version]);
  const [listResult, retryList] = useApi((signal) => services.list(personId, false, signal), [personId, version]);
  const [outcomeFor, setOutcomeFor] = useState<ServiceRecord | null>(null);
  const [correcting, setCorrecting] = useState<ServiceRecord | null>(null);
  // Opened by the worklist's link; closing the form drops the action from the URL so a reload does not reopen it.
  const prefilled = writable && params.get('action') === 'service';
  const [manual, setManual] = useState(false);
  const recording = prefilled || manual;
  const closeRecord = () => {
    setManual(false);
    if (prefilled) {
      const next = new URLSearchParams(params);
      for (const k of ['action', 'type', 'channel']) next.delete(k);
      // The tab was implied by the action; keep the person on it.
      next.set('tab', 'services');
      setParams(next, { replace: true });
    }
  };
  const changed = () => setVersion((v) => v + 1);

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setManual(true)} data-testid="record-service">
            {t('service.record')}
          </Button>
        )}
        <Button icon={<PrinterOutlined />} href={services.diaryPdfUrl(personId)} target="_blank" data-testid="diary-pdf">
          {t('service.diary.print')}
        </Button>
        {PRINTABLE_KINDS.map((k) => (
          <Button key={k} href={services.printableUrl(personId, k)} target="_blank">
            {t(PRINTABLE_LABEL[k])}
          </Button>
        ))}
      </Flex>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('service.obligations')}
      </Typography.Title>
      {stateResult.state === 'error' ? (
        <ErrorView error={stateResult.error} onRetry={retryState} />
      ) : stateResult.state === 'ready' ? (
        <ObligationsPanel state={stateResult.data} />
      ) : (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      )}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('service.records')}
      </Typography.Title>
      {listResult.state === 'error' ? (
        <ErrorView error={listResult.error} onRetry={retryList} />
      ) : (
        <Table<ServiceRecord>
          rowKey="id"
          size="small"
          data-testid="service-records"
          loading={listResult.state === 'loading'}
          dataSource={listResult.state === 'ready' ? [...listResult.data.items].reverse() : []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('service.records.none') }}
          columns={[
            { key: 'on', title: t('service.servedOn'), dataIndex: 'servedOn' },
            { key: 'type', title: t('service.type'), render: (_, r) => label('serviceType', r.type) },
            { key: 'channel', title: t('service.channel'), render: (_, r) => label('channel', r.channel), responsive: ['md'] },
            {
              key: 'content',
              title: t('service.content'),
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  {r.content && <span>{r.content}</span>}
                  {r.posting && (
                    <Typography.Text type="secondary">
                      {t('service.posting')}：{r.posting.title ? `${r.posting.title} · ${r.posting.employerName ?? ''}` : r.posting.text}
                    </Typography.Text>
                  )}
                  {r.outcome && <Typography.Text type="secondary">{r.outcome}</Typography.Text>}
                  {r.attachments.map((a) =>
                    a.id ? (
                      <a key={a.id} href={attachments.contentUrl(a.id)} download={a.name} data-testid="service-attachment">
                        <PaperClipOutlined /> {a.name}
                      </a>
                    ) : (
                      <Typography.Text key={a.name} type="secondary">
                        <PaperClipOutlined /> {a.name}
                      </Typography.Text>
                    ),
                  )}
                  {r.correctionReason && <Typography.Text type="warning">{t('service.correctedBecause', { reason: r.correctionReason })}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'result',
              title: t('service.result'),
              render: (_, r) => (r.result ? <Tag>{label('jobResult', r.result)}{r.resultReason ? `：${r.resultReason}` : ''}</Tag> : '—'),
            },
            { key: 'worker', title: t('service.worker'), render: (_, r) => r.worker.name, responsive: ['lg'] },
            ...(writable
              ? [
                  {
                    key: 'actions',
                    title: '',
                    render: (_: unknown, r: ServiceRecord) => (
                      <Space>
                        {r.type === 'job_recommendation' && (
                          <Button size="small" onClick={() => setOutcomeFor(r)}>
                            {t('service.outcome.button')}
                          </Button>
                        )}
                        <Button size="small" onClick={() => setCorrecting(r)}>
                          {t('service.correct.button')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {recording && (
        <RecordServiceDialog
          personId={personId}
          personName={personName}
          jurisdictionCode={jurisdictionCode}
          initial={prefilled ? { type: params.get('type') ?? undefined, channel: params.get('channel') ?? undefined } : undefined}
          onClose={closeRecord}
          onDone={(created) => {
            closeRecord();
            void message.success(created.replayed ? t('service.replayed') : t('common.saved'));
            changed();
          }}
        />
      )}
      {outcomeFor && (
        <OutcomeDialog
          record={outcomeFor}
          onClose={() => setOutcomeFor(null)}
          onDone={() => {
            setOutcomeFor(null);
            void message.success(t('common.saved'));
            changed();
          }}
        />
      )}
      {correcting && (
        <CorrectionDialog
          record={correcting}
          onClose={() => setCorrecting(null)}
          onDone={() => {
            setCorrecting(null);
            void message.success(t('common.saved'));
            changed();
          }}
        />
      )}
    </Flex>
  );
}
