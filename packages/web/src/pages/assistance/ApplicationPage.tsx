import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Radio, Select, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { canDo } from '../../access.ts';
import { assistance } from '../../api/endpoints.ts';
import type { AllowedAction, AssistanceApplication, AssistanceEvent, AssistanceExitReason, ExitGround, MeasureInput, Objection, ResponsibleWorker } from '../../api/types.ts';
import { errorMessage } from '../../api/client.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { EvaluationView } from './EvaluationView.tsx';
import { DecisionView, StateTag, chinaTime, explanationsOf, useExplain } from './shared.tsx';
import { ActionButton, allowedOf, blocked, offered } from './allowed.tsx';

export const SERVICE_TYPES = ['career_guidance', 'job_recommendation', 'training_recommendation', 'policy_briefing', 'job_search_skills', 'entrepreneurship_service', 'counselling', 'job_tasting', 'internship', 'recruitment_event', 'public_welfare_post', 'follow_up', 'referral_civil_affairs', 'information_service', 'policy_service', 'business_service', 'other'] as const;

type Run = (call: () => Promise<AssistanceApplication>) => Promise<void>;

/** Approve / reject with a reason (pre-check and review). */
function DecisionForm({ testid, approve, reject, onDecide }: { testid: string; approve: AllowedAction | undefined; reject: AllowedAction | undefined; onDecide(decision: 'approve' | 'reject', reason: string): Promise<void> }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = decision === 'approve' ? approve : reject;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testid}>
      <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'approve' | 'reject')}>
        <Radio value="approve">{t('assist.approve')}</Radio>
        <Radio value="reject">{t('assist.reject')}</Radio>
      </Radio.Group>
      <Input.TextArea rows={2} maxLength={500} placeholder={decision === 'reject' ? t('assist.reasonRequired') : t('assist.reasonOptional')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`${testid}-reason`} />
      <ActionButton
        allowed={chosen}
        type="primary"
        danger={decision === 'reject'}
        loading={busy}
        data-testid={`${testid}-submit`}
        onClick={() => {
          setBusy(true);
          void onDecide(decision, reason.trim()).finally(() => setBusy(false));
        }}
      >
        {t('common.ok')}
      </ActionButton>
    </Space>
  );
}

function ObjectionForm({ app, run }: { app: AssistanceApplication; run: Run }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ objector: string; content: string; raisedOn?: Dayjs | null }>();
  return (
    <Form form={form} layout="inline" onFinish={(v) => run(() => assistance.objection(app.id, { objector: v.objector, content: v.content, ...(v.raisedOn ? { raisedOn: v.raisedOn.format('YYYY-MM-DD') } : {}) })).then(() => form.resetFields())}>
      <Form.Item name="objector" rules={[{ required: true, message: t('assist.objector') }]}>
        <Input placeholder={t('assist.objector')} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="content" rules={[{ required: true, message: t('assist.objectionContent') }]}>
        <Input placeholder={t('assist.objectionContent')} style={{ width: 280 }} />
      </Form.Item>
      <Form.Item name="raisedOn">
        <DatePicker placeholder={t('assist.raisedOn')} />
      </Form.Item>
      <Button htmlType="submit">{t('assist.recordObjection')}</Button>
    </Form>
  );
}

function ResolveObjection({ app, objection, run }: { app: AssistanceApplication; objection: Objection; run: Run }) {
  const { t } = useI18n();
  const [resolution, setResolution] = useState('');
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input placeholder={t('assist.resolution')} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      <Button disabled={!resolution.trim()} onClick={() => void run(() => assistance.resolveObjection(app.id, objection.id, { outcome: 'dismissed', resolution: resolution.trim() }))}>
        {t('assist.objectionDismiss')}
      </Button>
      <Button danger disabled={!resolution.trim()} onClick={() => void run(() => assistance.resolveObjection(app.id, objection.id, { outcome: 'upheld', resolution: resolution.trim() }))}>
        {t('assist.objectionUphold')}
      </Button>
    </Space.Compact>
  );
}

function AppealForm({ app, run }: { app: AssistanceApplication; run: Run }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 600 }}>
      <Input placeholder={t('assist.appealReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button disabled={!reason.trim()} onClick={() => void run(() => assistance.appeal(app.id, reason.trim()))}>
        {t('assist.appeal')}
      </Button>
    </Space.Compact>
  );
}

interface PlanValues {
  needs: string[];
  goals: string;
  responsibleWorkerId?: string;
  measures: { serviceType: MeasureInput['serviceType']; description: string; targetDate: Dayjs | null }[];
}

/** Staff who may be responsible for the person (首问负责制), from the server; the current user is preselected. */
export function workerOption(w: ResponsibleWorker, you: string) {
  return { value: w.id, label: `${w.displayName}（${w.username} · ${w.jurisdiction.name}）${w.self ? ` · ${you}` : ''}` };
}

function PlanForm({ app }: { app: AssistanceApplication }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<PlanValues>();
  const [error, setError] = useState<string | null>(null);
  const [workers] = useApi((signal) => assistance.workers(app.personId, signal), [app.personId]);
  const options = SERVICE_TYPES.map((s) => ({ value: s, label: label('serviceType', s) }));
  const self = workers.state === 'ready' ? workers.data.items.find((w) => w.self)?.id : undefined;
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="plan-form"
      initialValues={{ needs: [], measures: [{ serviceType: 'career_guidance', description: '', targetDate: null }] }}
      onFinish={async (v) => {
        setError(null);
        try {
          const plan = await assistance.createPlan(app.id, {
            needs: v.needs,
            goals: v.goals,
            ...(v.responsibleWorkerId && v.responsibleWorkerId !== self ? { responsibleWorkerId: v.responsibleWorkerId } : {}),
            measures: v.measures.map((m) => ({ serviceType: m.serviceType, description: m.description, targetDate: m.targetDate ? m.targetDate.format('YYYY-MM-DD') : '' })),
          });
          navigate(`/assistance/plans/${encodeURIComponent(plan.id)}`);
        } catch (err) {
          const rest = showFieldErrors(form, err, ['needs', 'goals', 'responsibleWorkerId', 'measures']);
          setError(rest.length ? rest.join('；') : null);
        }
      }}
    >
      <Form.Item name="responsibleWorkerId" label={t('assist.plan.responsible')} extra={t('assist.plan.responsibleHint')}>
        <Select
          data-testid="plan-worker"
          loading={workers.state === 'loading'}
          placeholder={workers.state === 'ready' ? workers.data.items.find((w) => w.self)?.displayName : undefined}
          options={workers.state === 'ready' ? workers.data.items.map((w) => workerOption(w, t('assist.plan.you'))) : []}
        />
      </Form.Item>
      <Form.Item name="needs" label={t('assist.plan.needs')}>
        <Select mode="multiple" options={options} data-testid="plan-needs" />
      </Form.Item>
      <Form.Item name="goals" label={t('assist.plan.goals')} rules={[{ required: true, message: t('assist.plan.goals') }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="plan-goals" />
      </Form.Item>
      <Form.List name="measures">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} wrap align="start">
                <Form.Item name={[f.name, 'serviceType']} rules={[{ required: true }]}>
                  <Select options={options} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'description']} rules={[{ required: true, message: t('assist.plan.measure') }]}>
                  <Input placeholder={t('assist.plan.measure')} style={{ width: 260 }} data-testid={`measure-${i}-description`} />
                </Form.Item>
                <Form.Item name={[f.name, 'targetDate']} rules={[{ required: true, message: t('assist.plan.targetDate') }]}>
                  <DatePicker placeholder={t('assist.plan.targetDate')} data-testid={`measure-${i}-target`} />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('common.remove')}</Button>}
              </Flex>
            ))}
            <Button onClick={() => add({ serviceType: 'job_recommendation', description: '', targetDate: null })} style={{ marginBottom: 16 }}>
              {t('assist.plan.addMeasure')}
            </Button>
          </>
        )}
      </Form.List>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" data-testid="plan-submit">
        {t('assist.plan.create')}
      </Button>
    </Form>
  );
}

/** The assistance period of a recognition in force: validity, next re-check, hand-over window (from the server). */
function PeriodView({ app }: { app: AssistanceApplication }) {
  const { t } = useI18n();
  const p = app.period;
  if (!p) return null;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="period">
      <Descriptions.Item label={t('assist.validity')}>{p.validFrom} — {p.validUntil}</Descriptions.Item>
      <Descriptions.Item label={t('assist.nextRecheck')}>{p.nextRecheck}</Descriptions.Item>
      <Descriptions.Item label={t('assist.handoverFrom')}>
        {p.handoverAssessmentFrom} {p.expired ? <Tag color="red">{t('assist.periodEnded')}</Tag> : p.handoverDue ? <Tag color="orange">{t('assist.handoverDue')}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('assist.pack')}>{p.pack} · {p.explanations.map((e) => e.source).filter(Boolean).join('；')}</Descriptions.Item>
    </Descriptions>
  );
}

function RecheckForm({ app, run }: { app: AssistanceApplication; run: Run }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Space direction="vertical">
      <Typography.Text type="secondary">{t('assist.recheckHint', { date: app.nextRecheckOn ?? '—' })}</Typography.Text>
      <Button
        data-testid="recheck"
        loading={busy}
        onClick={() => {
          setBusy(true);
          void run(() => assistance.recheck(app.id)).finally(() => setBusy(false));
        }}
      >
        {t('assist.doRecheck')}
      </Button>
    </Space>
  );
}

/** `refusal`: the server's reason the assessment is not yet open (date and clause); the server decides on submit. */
function HandoverForm({ app, run, refusal }: { app: AssistanceApplication; run: Run; refusal?: string | undefined }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ employmentSituation: string; nextSteps: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="handover-form"
      onFinish={(v) => run(() => assistance.handover(app.id, { employmentSituation: v.employmentSituation.trim(), nextSteps: v.nextSteps.trim() }))}
    >
      <Typography.Paragraph type="secondary">{t('assist.handoverHint', { from: app.period?.handoverAssessmentFrom ?? '—', until: app.period?.validUntil ?? '—' })}</Typography.Paragraph>
      {refusal && <Typography.Paragraph type="warning" data-testid="handover-refusal">{refusal}</Typography.Paragraph>}
      <Form.Item name="employmentSituation" label={t('assist.handover.situation')} rules={[{ required: true, whitespace: true, message: t('assist.handover.situationRequired') }, { max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="handover-situation" />
      </Form.Item>
      <Form.Item name="nextSteps" label={t('assist.handover.nextSteps')} rules={[{ required: true, whitespace: true, message: t('assist.handover.nextStepsRequired') }, { max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="handover-next" />
      </Form.Item>
      <Button htmlType="submit" data-testid="handover-submit">
        {t('assist.handover.submit')}
      </Button>
    </Form>
  );
}

/** Exit with a ground: each ground shows, from the server, whether it applies now and the clause; the server decides. */
function ExitForm({ app, run }: { app: AssistanceApplication; run: Run }) {
  const { t, label, language } = useI18n();
  const [form] = Form.useForm<{ reason?: AssistanceExitReason; note: string }>();
  const reason = Form.useWatch('reason', form);
  const ground: ExitGround | undefined = app.exitGrounds.find((g) => g.reason === reason);
  return (
    <Form form={form} layout="vertical" data-testid="exit-form" onFinish={(v) => (v.reason ? run(() => assistance.exit(app.id, { reason: v.reason!, note: v.note.trim() })) : undefined)}>
      <Form.Item name="reason" label={t('assist.exitReason')} rules={[{ required: true, message: t('assist.exit.reasonRequired') }]}>
        <Select
          data-testid="exit-reason"
          options={app.exitGrounds.map((g) => ({
            value: g.reason,
            label: (
              <Space>
                {label('assistExit', g.reason)}
                <Tag color={g.allowed === true ? 'green' : g.allowed === false ? 'default' : 'orange'}>{g.allowed === true ? t('assist.exit.applies') : g.allowed === false ? t('assist.exit.notApplies') : t('assist.exit.toCheck')}</Tag>
              </Space>
            ),
          }))}
        />
      </Form.Item>
      {ground && (
        <Alert
          style={{ marginBottom: 16 }}
          type={ground.allowed === true ? 'info' : 'warning'}
          showIcon
          data-testid="exit-ground"
          title={`${language === 'en-US' ? ground.textEn : ground.text}（${t('assist.clause')}：${ground.clause}；${t('assist.pack')}：${ground.pack}）`}
        />
      )}
      <Form.Item name="note" label={t('assist.exit.note')} rules={[{ required: true, whitespace: true, message: t('assist.exit.noteRequired') }, { max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="exit-note" />
      </Form.Item>
      <Button danger htmlType="submit" data-testid="exit-submit">
        {t('assist.exit.submit')}
      </Button>
    </Form>
  );
}

const STEP_EVENTS: Record<string, string[]> = {
  submitted: ['submitted'],
  prechecked: ['prechecked', 'precheck_rejected'],
  public_notice: ['reviewed', 'review_rejected'],
  recognised: ['recognised', 'objection_upheld'],
};

/** One recognition application: state machine, who did each step and when, deadlines, criteria, notice, actions. */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t, label, language } = useI18n();
  const explain = useExplain();
  const user = useUser();
  const [result, retry] = useApi((signal) => assistance.get(id, signal), [id]);
  const [fresh, setFresh] = useState<AssistanceApplication | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [decided, setDecided] = useState<AssistanceEvent | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const app = fresh && fresh.id === id ? fresh : result.data;

  const run: Run = async (call) => {
    setActionError(null);
    setDecided(null);
    try {
      const next = await call();
      setFresh(next);
      // The step just taken is the newest event: show its explanation (pack, clause, numbers).
      setDecided(next.events[next.events.length - 1] ?? null);
    } catch (err) {
      setActionError(errorMessage(err));
    }
  };

  // What the user may do comes from the server's workflow table (state, permission, maker–checker, guard).
  const allowed = allowedOf(app);
  const eventFor = (step: string): AssistanceEvent | undefined => [...app.events].reverse().find((e) => STEP_EVENTS[step]?.includes(e.action));
  const order = ['submitted', 'prechecked', 'public_notice', 'recognised'] as const;
  const reached = app.state === 'appealed' ? 1 : app.state === 'exited' ? 3 : order.indexOf(app.state as (typeof order)[number]);
  const rejectedAt = app.state === 'rejected' ? Math.max(1, order.findIndex((s) => eventFor(s)?.toState === 'rejected')) : -1;
  const dueOf: Record<(typeof order)[number], string | null> = { submitted: null, prechecked: app.precheckDue, public_notice: app.reviewDue, recognised: app.noticeEnds };
  const steps = order.map((s) => {
    const e = eventFor(s);
    const lines: ReactNode[] = [];
    // `on` is the business date (the server's clock); the stored timestamp is shown on hover.
    if (e) lines.push(<div key="who" data-testid={`step-${s}-who`} title={chinaTime(e.at)}>{e.actor} · {e.on}</div>);
    const due = dueOf[s];
    if (due && !e) lines.push(<div key="due">{t(s === 'recognised' ? 'assist.noticeEnds' : 'assist.dueBy', { date: due })}</div>);
    const onTime = e?.detail['onTime'];
    if (typeof onTime === 'boolean') lines.push(<Tag key="ontime" color={onTime ? 'green' : 'red'}>{onTime ? t('assist.onTime') : t('assist.late')}</Tag>);
    return { title: label('assistStep', s), description: <div style={{ fontSize: 12 }}>{lines}</div> };
  });

  const canPrecheck = offered(allowed('precheck.approve')) || offered(allowed('precheck.reject'));
  const canReview = offered(allowed('review.approve')) || offered(allowed('review.reject'));
  const recognise = allowed('recognise');
  const canRecognise = offered(recognise);
  // The server's maker–checker refusal (by user id) of the decision offered here, shown as the reason.
  const makerRefusal = (['precheck.approve', 'review.approve', 'recognise'] as const).map((a) => allowed(a)).find((a) => a?.refusedBy === 'maker_checker');
  const canRecord = offered(allowed('objection.record'));
  const canAppeal = offered(allowed('appeal'));
  const canRecheck = offered(allowed('recheck'));
  const handover = allowed('handover');
  const canExit = offered(allowed('exit'));
  const openObjections = app.objections.filter((o) => o.status === 'open');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {t('assist.application')} <Typography.Text code>{app.applicationNo}</Typography.Text> <StateTag state={app.state} />
          </Space>
        }
        extra={
          <Space>
            <Link to={`/persons/${encodeURIComponent(app.personId)}`}>{t('assist.openFile')}</Link>
            {app.planId && (
              <Link to={`/assistance/plans/${encodeURIComponent(app.planId)}`} data-testid="plan-link">
                {t('assist.plan.open')}
              </Link>
            )}
            {app.state === 'recognised' && app.cardNo && (
              <a href={assistance.cardUrl(app.id)} target="_blank" rel="noreferrer" data-testid="card-link">
                {t('assist.printCard')}
              </a>
            )}
          </Space>
        }
      >
        <Steps current={rejectedAt >= 0 ? rejectedAt : reached} status={rejectedAt >= 0 ? 'error' : app.state === 'recognised' || app.state === 'exited' ? 'finish' : 'process'} items={steps} data-testid="steps" />
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 24 }}>
          <Descriptions.Item label={t('assist.submittedOn')}>{app.submittedOn} · {app.submittedBy} · {label('assistChannel', app.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('assist.pack')}>{app.packRef}</Descriptions.Item>
          <Descriptions.Item label={t('assist.daysOpen')}>{app.daysOpen}</Descriptions.Item>
          {app.commitment && <Descriptions.Item label={t('assist.commitment')}>{app.commitment.version}</Descriptions.Item>}
          {app.cardNo && <Descriptions.Item label={t('assist.cardNo')}><span data-testid="card-no">{app.cardNo}</span></Descriptions.Item>}
          {app.recognisedOn && <Descriptions.Item label={t('assist.validity')}>{app.recognisedOn} — {app.validUntil}</Descriptions.Item>}
          {app.nextRecheckOn && <Descriptions.Item label={t('assist.nextRecheck')}>{app.nextRecheckOn}</Descriptions.Item>}
          {app.rejectionReason && <Descriptions.Item label={t('assist.rejectionReason')}>{app.rejectionReason}</Descriptions.Item>}
          {app.exitReason && <Descriptions.Item label={t('assist.exitReason')}>{label('assistExit', app.exitReason)} · {app.exitClause}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {decided && (
        <DecisionView
          title={`${label('assistAction', decided.action)} · ${decided.actor} · ${decided.on}${decided.reason ? ` · ${decided.reason}` : ''}`}
          explanations={explanationsOf(decided.detail)}
          pack={typeof decided.detail['pack'] === 'string' ? decided.detail['pack'] : app.packRef}
        />
      )}
      {app.suspended && <Alert type="warning" showIcon title={t('assist.suspended', { count: openObjections.length })} data-testid="suspended" />}
      {actionError && <Alert type="error" showIcon closable title={actionError} onClose={() => setActionError(null)} data-testid="action-error" />}

      {(canPrecheck || canReview || canRecognise || canRecord || canAppeal || app.period) && (
        <Card title={t('assist.actions')} data-testid="actions">
          {makerRefusal && <Alert type="info" showIcon title={t('assist.makerChecker')} description={makerRefusal.reason} data-testid="maker-hint" style={{ marginBottom: 16 }} />}
          {canPrecheck && (
            <>
              <Typography.Title level={5}>{t('assist.doPrecheck')}</Typography.Title>
              <DecisionForm testid="precheck" approve={allowed('precheck.approve')} reject={allowed('precheck.reject')} onDecide={(decision, reason) => run(() => assistance.precheck(app.id, { decision, ...(reason ? { reason } : {}) }))} />
            </>
          )}
          {canReview && (
            <>
              <Typography.Title level={5}>{t('assist.doReview')}</Typography.Title>
              <DecisionForm testid="review" approve={allowed('review.approve')} reject={allowed('review.reject')} onDecide={(decision, reason) => run(() => assistance.review(app.id, { decision, ...(reason ? { reason } : {}) }))} />
            </>
          )}
          {canRecognise && (
            <Space direction="vertical">
              <Typography.Text>{t('assist.recogniseHint', { date: app.noticeEnds ?? '—' })}</Typography.Text>
              <ActionButton allowed={recognise} type="primary" data-testid="recognise" onClick={() => void run(() => assistance.recognise(app.id, {}))}>
                {t('assist.recognise')}
              </ActionButton>
            </Space>
          )}
          {canRecord && (
            <div style={{ marginTop: 16 }}>
              <ObjectionForm app={app} run={run} />
            </div>
          )}
          {canAppeal && (
            <AppealForm app={app} run={run} />
          )}
          {app.period && (
            <>
              <Typography.Title level={5}>{t('assist.periodTitle')}</Typography.Title>
              <PeriodView app={app} />
              <Flex gap={32} wrap align="start" style={{ marginTop: 8 }}>
                {canRecheck && (
                  <div style={{ minWidth: 260 }}>
                    <Typography.Title level={5}>{t('assist.doRecheck')}</Typography.Title>
                    <RecheckForm app={app} run={run} />
                  </div>
                )}
                {offered(handover) && (
                  <div style={{ flex: 1, minWidth: 300 }}>
                    <Typography.Title level={5}>{t('assist.handover.title')}</Typography.Title>
                    {app.handoverAssessment ? (
                      <Typography.Text data-testid="handover-done">
                        {t('assist.handover.done', { on: String(app.handoverAssessment['on'] ?? ''), by: String(app.handoverAssessment['byName'] ?? '') })}：{String(app.handoverAssessment['employmentSituation'] ?? '')} → {String(app.handoverAssessment['nextSteps'] ?? '')}
                      </Typography.Text>
                    ) : (
                      <HandoverForm app={app} run={run} refusal={handover.allowed ? undefined : handover.reason} />
                    )}
                  </div>
                )}
                {canExit && (
                  <div style={{ flex: 1, minWidth: 300 }}>
                    <Typography.Title level={5}>{t('assist.exit.title')}</Typography.Title>
                    <ExitForm app={app} run={run} />
                  </div>
                )}
              </Flex>
            </>
          )}
          {app.state === 'recognised' && canDo(user.role, 'assistance.plan') && !app.planId && (
            <>
              <Typography.Title level={5}>{t('assist.plan.title')}</Typography.Title>
              <PlanForm app={app} />
            </>
          )}
        </Card>
      )}

      {app.notice && (
        <Card title={t('assist.noticeTitle')} data-testid="notice">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('assist.notice.name')}><span data-testid="notice-name">{app.notice.name}</span></Descriptions.Item>
            <Descriptions.Item label={t('assist.notice.sex')}>{label('sex', app.notice.sex)}</Descriptions.Item>
            <Descriptions.Item label={t('assist.notice.age')}>{app.notice.age}</Descriptions.Item>
            <Descriptions.Item label={t('assist.notice.category')}>{app.notice.categories.map((c) => (language === 'en-US' ? c.nameEn : c.nameZh)).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('assist.notice.period')}>{t('assist.notice.periodText', { from: app.notice.from, to: app.notice.to, days: app.notice.workingDays })}</Descriptions.Item>
            <Descriptions.Item label={t('assist.notice.contact')}>{app.notice.contact ? `${app.notice.contact.name} ${app.notice.contact.phone ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('assist.clause')}>{app.notice.source}</Descriptions.Item>
          </Descriptions>
          {app.objections.length > 0 && (
            <Table<Objection>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={app.objections}
              columns={[
                { key: 'on', title: t('assist.raisedOn'), dataIndex: 'raisedOn' },
                { key: 'who', title: t('assist.objector'), dataIndex: 'objector' },
                { key: 'content', title: t('assist.objectionContent'), dataIndex: 'content' },
                { key: 'status', title: t('assist.state'), render: (_, o) => <Tag color={o.status === 'open' ? 'orange' : o.status === 'upheld' ? 'red' : 'green'}>{label('objection', o.status)}</Tag> },
                {
                  key: 'resolution',
                  title: t('assist.resolution'),
                  render: (_, o) => {
                    // The server's answer for this objection (whoever recorded it or submitted the application may not resolve it).
                    const resolve = allowed('objection.resolve', o.id);
                    if (!offered(resolve)) return o.resolution ?? '—';
                    return blocked(resolve) ? (
                      <Typography.Text type="secondary" title={resolve.reason} data-testid="objection-maker-hint">{t('assist.objectionMakerChecker')}</Typography.Text>
                    ) : (
                      <ResolveObjection app={app} objection={o} run={run} />
                    );
                  },
                },
              ]}
            />
          )}
        </Card>
      )}

      <Card title={t('assist.criteria')}>
        <EvaluationView evaluation={app.evaluation} />
      </Card>

      <Card title={t('assist.history')}>
        <Timeline
          data-testid="events"
          items={app.events.map((e) => {
            const explained = explanationsOf(e.detail);
            return {
              color: e.toState === 'rejected' ? 'red' : e.action === 'recognised' ? 'green' : 'blue',
              children: (
                <div>
                  <Typography.Text strong>{label('assistAction', e.action)}</Typography.Text> · {e.actor} · <span title={chinaTime(e.at)}>{e.on}</span>
                  {e.fromState !== e.toState && e.toState && (
                    <Typography.Text type="secondary">
                      {' '}
                      ({e.fromState ? label('assistState', e.fromState) : '—'} → {label('assistState', e.toState)})
                    </Typography.Text>
                  )}
                  {e.reason && <div>{e.reason}</div>}
                  {explained.map((x, i) => (
                    <div key={i}>
                      <Typography.Text type="secondary">
                        {explain(x)}（{x.source}）
                      </Typography.Text>
                    </div>
                  ))}
                </div>
              ),
            };
          })}
        />
      </Card>
    </Space>
  );
}
