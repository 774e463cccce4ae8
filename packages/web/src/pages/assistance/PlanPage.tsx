import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { canDo } from '../../access.ts';
import { assistance } from '../../api/endpoints.ts';
import type { AssistancePlan, MeasureInput, PlanMeasure } from '../../api/types.ts';
import { errorMessage } from '../../api/client.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { SERVICE_TYPES, workerOption } from './ApplicationPage.tsx';
import { chinaTime } from './shared.tsx';

/** 首问负责制 hand-over: pick another worker who may serve the person (from the server) and give the reason. */
function ReassignForm({ plan, onDone }: { plan: AssistancePlan; onDone(p: AssistancePlan): void }) {
  const { t } = useI18n();
  const [workers] = useApi((signal) => assistance.workers(plan.personId, signal), [plan.personId]);
  const [form] = Form.useForm<{ workerId?: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="inline"
      data-testid="reassign-form"
      onFinish={async (v) => {
        setError(null);
        try {
          onDone(await assistance.reassign(plan.id, { workerId: v.workerId!, reason: v.reason.trim() }));
          form.resetFields();
        } catch (err) {
          const rest = showFieldErrors(form, err, ['workerId', 'reason']);
          setError(rest.length ? rest.join('；') : null);
        }
      }}
    >
      <Form.Item name="workerId" rules={[{ required: true, message: t('assist.plan.pickWorker') }]}>
        <Select
          style={{ width: 300 }}
          placeholder={t('assist.plan.pickWorker')}
          loading={workers.state === 'loading'}
          data-testid="reassign-worker"
          options={workers.state === 'ready' ? workers.data.items.filter((w) => w.id !== plan.responsibleWorker.id).map((w) => workerOption(w, t('assist.plan.you'))) : []}
        />
      </Form.Item>
      <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('assist.plan.reassignReason') }, { max: 500 }]}>
        <Input placeholder={t('assist.plan.reassignReason')} style={{ width: 240 }} data-testid="reassign-reason" />
      </Form.Item>
      <Button htmlType="submit" data-testid="reassign-submit">
        {t('assist.plan.reassign')}
      </Button>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8, width: '100%' }} />}
      {workers.state === 'error' && <Alert type="error" showIcon title={errorMessage(workers.error)} style={{ marginTop: 8, width: '100%' }} />}
    </Form>
  );
}

/** 一人一策: needs, goals, measures with target dates (overdue highlighted), responsible worker, agreement and progress. */
export function PlanPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const user = useUser();
  const [result, retry] = useApi(async (signal) => {
    const [plan, text] = await Promise.all([assistance.plan(id, signal), assistance.agreementText(signal)]);
    return { plan, text: text.current };
  }, [id]);
  const [fresh, setFresh] = useState<AssistancePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [method, setMethod] = useState<'signature' | 'online' | 'fingerprint'>('signature');
  const [witness, setWitness] = useState('');
  const [measureForm] = Form.useForm<{ serviceType: MeasureInput['serviceType']; description: string; targetDate: Dayjs | null }>();
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const plan = fresh && fresh.id === id ? fresh : result.data.plan;
  const text = result.data.text;
  const writable = canDo(user.role, 'assistance.plan') && plan.state !== 'closed';

  const run = async (call: () => Promise<AssistancePlan>) => {
    setError(null);
    try {
      setFresh(await call());
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const kindLabel = (m: PlanMeasure) => (m.kind === 'subsidy' ? label('assistSubsidy', m.subsidyType ?? '') : m.serviceType ? label('serviceType', m.serviceType) : label('assistKind', m.kind));
  const percent = plan.progress.total ? Math.round((plan.progress.done / plan.progress.total) * 100) : 0;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('assist.plan.title')} <Tag color={plan.state === 'agreed' ? 'green' : plan.state === 'draft' ? 'blue' : 'default'} data-testid="plan-state">{label('planState', plan.state)}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Link to={`/assistance/applications/${encodeURIComponent(plan.applicationId)}`}>{t('assist.application')}</Link>
            <Link to={`/persons/${encodeURIComponent(plan.personId)}`}>{t('assist.openFile')}</Link>
            {plan.agreement && (
              <a href={assistance.agreementUrl(plan.id)} target="_blank" rel="noreferrer" data-testid="agreement-link">
                {t('assist.plan.printAgreement')}
              </a>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('assist.plan.responsible')}>
            <Space direction="vertical" size={2}>
              <span>
                <span data-testid="responsible">{plan.responsibleWorker.name}</span> <Typography.Text type="secondary">{t('assist.plan.firstContact')}</Typography.Text>
              </span>
              {plan.responsibleHistory.map((h, i) => (
                <Typography.Text key={i} type="secondary" style={{ fontSize: 12 }}>
                  {t('assist.plan.handedOver', { from: h.name, to: h.to, on: h.until, by: h.by, reason: h.reason })}
                </Typography.Text>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('assist.plan.needs')}>{plan.needs.length ? plan.needs.map((n) => <Tag key={n}>{label('serviceType', n)}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('assist.plan.goals')} span={2}>{plan.goals}</Descriptions.Item>
          <Descriptions.Item label={t('assist.plan.progress')} span={2}>
            <Flex gap={12} align="center" style={{ width: '100%', maxWidth: 480 }}>
              <Progress percent={percent} size="small" style={{ flex: 1 }} />
              <span data-testid="progress">{t('assist.plan.progressText', { done: plan.progress.done, total: plan.progress.total })}</span>
              {plan.progress.overdue > 0 && <Tag color="red" data-testid="overdue-count">{t('assist.plan.overdueCount', { count: plan.progress.overdue })}</Tag>}
            </Flex>
          </Descriptions.Item>
          {plan.employment && (
            <Descriptions.Item label={t('assist.plan.employment')} span={2}>
              {plan.employment.on} · {plan.employment.employer}
              {plan.employment.adaptationEnds && ` · ${t('assist.plan.adaptationEnds', { date: plan.employment.adaptationEnds })}`}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} data-testid="plan-error" />}

      {writable && (
        <Card title={t('assist.plan.reassignTitle')} size="small">
          <ReassignForm plan={plan} onDone={(p) => { setError(null); setFresh(p); }} />
        </Card>
      )}

      <Card title={t('assist.plan.measures')}>
        <Table<PlanMeasure>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={plan.measures}
          data-testid="measures"
          rowClassName={(m) => (m.overdue ? 'measure-overdue' : '')}
          onRow={(m) => (m.overdue ? { style: { background: '#fff1f0' } } : {})}
          columns={[
            { key: 'kind', title: t('assist.plan.kind'), render: (_, m) => kindLabel(m) },
            { key: 'desc', title: t('assist.plan.measure'), dataIndex: 'description' },
            {
              key: 'target',
              title: t('assist.plan.targetDate'),
              render: (_, m) => (
                <Space>
                  <Typography.Text type={m.overdue ? 'danger' : undefined} strong={m.overdue}>{m.targetDate}</Typography.Text>
                  {m.overdue && <Tag color="red">{t('assist.overdue')}</Tag>}
                </Space>
              ),
            },
            { key: 'done', title: t('assist.plan.doneOn'), render: (_, m) => (m.doneOn ? `${m.doneOn}${m.outcome ? ` · ${m.outcome}` : ''}` : '—') },
            ...(writable
              ? [{ key: 'act', title: '', render: (_: unknown, m: PlanMeasure) => (m.doneOn ? null : <Button size="small" onClick={() => void run(() => assistance.completeMeasure(plan.id, m.id, {}))}>{t('assist.plan.markDone')}</Button>) }]
              : []),
          ]}
        />
        {writable && (
          <Form
            form={measureForm}
            layout="inline"
            style={{ marginTop: 16 }}
            initialValues={{ serviceType: 'job_recommendation' }}
            onFinish={(v) =>
              run(() => assistance.addMeasures(plan.id, [{ serviceType: v.serviceType, description: v.description, targetDate: v.targetDate ? v.targetDate.format('YYYY-MM-DD') : '' }])).then(() => measureForm.resetFields())
            }
          >
            <Form.Item name="serviceType">
              <Select options={SERVICE_TYPES.map((s) => ({ value: s, label: label('serviceType', s) }))} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="description" rules={[{ required: true, message: t('assist.plan.measure') }]}>
              <Input placeholder={t('assist.plan.measure')} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="targetDate" rules={[{ required: true, message: t('assist.plan.targetDate') }]}>
              <DatePicker placeholder={t('assist.plan.targetDate')} />
            </Form.Item>
            <Button htmlType="submit">{t('assist.plan.addMeasure')}</Button>
          </Form>
        )}
      </Card>

      <Card title={t('assist.plan.agreement')} data-testid="agreement">
        {plan.agreement ? (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('assist.plan.agreementVersion')}>{plan.agreement.version}</Descriptions.Item>
            <Descriptions.Item label={t('assist.plan.agreedOn')}><span data-testid="agreed-on">{plan.agreement.agreedOn}</span></Descriptions.Item>
            <Descriptions.Item label={t('assist.plan.consent')}>
              {label('consentMethod', plan.agreement.consent.method ?? '')}
              {plan.agreement.consent.signedAt && ` · ${chinaTime(plan.agreement.consent.signedAt)}`}
              {plan.agreement.consent.witness && ` · ${plan.agreement.consent.witness}`}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>
              {text.titleZh} <Typography.Text type="secondary">{text.version} · {text.source}</Typography.Text>
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 200, overflow: 'auto' }} type="secondary">
              {text.textZh}
            </Typography.Paragraph>
            {writable && plan.state === 'draft' && (
              <Flex gap={8} wrap>
                <Select value={method} onChange={setMethod} style={{ width: 160 }} options={(['signature', 'online', 'fingerprint'] as const).map((m) => ({ value: m, label: label('consentMethod', m) }))} />
                <Input placeholder={t('assist.plan.witness')} value={witness} onChange={(e) => setWitness(e.target.value)} style={{ width: 200 }} />
                <Button type="primary" data-testid="agree" onClick={() => void run(() => assistance.agree(plan.id, { agreementVersion: text.version, consent: { method, ...(witness.trim() ? { witness: witness.trim() } : {}) } }))}>
                  {t('assist.plan.recordAgreement')}
                </Button>
              </Flex>
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}
