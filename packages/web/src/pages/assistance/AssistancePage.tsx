import type { ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { canDo } from '../../access.ts';
import { assistance } from '../../api/endpoints.ts';
import type { ApplicationState, ApplicationSummary, AssistanceCandidate, AssistanceTask, NoticeItem, OverdueMeasure } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { ListTable, useListQuery } from '../../components/ListTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { StateTag, TriTag } from './shared.tsx';
import { ReferralsTab } from '../referrals/ReferralsTab.tsx';

const TABS = ['applications', 'tasks', 'notices', 'candidates', 'overdue', 'referrals'] as const;
type TabKey = (typeof TABS)[number];
const STATES: ApplicationState[] = ['submitted', 'prechecked', 'public_notice', 'recognised', 'rejected', 'appealed', 'exited'];

const appLink = (id: string, text: string) => <Link to={`/assistance/applications/${encodeURIComponent(id)}`}>{text}</Link>;

function Applications() {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const list = useListQuery(['state'] as const, { pageSize: 50, resetOn: current.code });
  const filter = { jurisdiction: current.code, state: list.filter.state || undefined };
  const columns: ColumnsType<ApplicationSummary> = [
    { key: 'no', title: t('assist.applicationNo'), render: (_, a) => appLink(a.id, a.applicationNo) },
    { key: 'name', title: t('persons.col.name'), render: (_, a) => <Link to={`/persons/${encodeURIComponent(a.personId)}`}>{a.personName ?? '—'}</Link>, sorter: true },
    { key: 'id', title: t('assist.idNumber'), render: (_, a) => a.idNumberMasked ?? '—', responsive: ['lg'] },
    { key: 'state', title: t('assist.state'), render: (_, a) => <StateTag state={a.state} /> },
    { key: 'eligible', title: t('assist.eligibleCol'), render: (_, a) => <TriTag value={a.eligible} />, responsive: ['md'] },
    { key: 'submittedOn', title: t('assist.submittedOn'), render: (_, a) => `${a.submittedOn} · ${a.submittedBy}`, sorter: true },
    {
      key: 'due',
      title: t('assist.nextDeadline'),
      render: (_, a) =>
        a.state === 'submitted' ? a.precheckDue : a.state === 'prechecked' || a.state === 'appealed' ? a.reviewDue : a.state === 'public_notice' ? a.noticeEnds : '—',
    },
    { key: 'card', title: t('assist.cardNo'), render: (_, a) => a.cardNo ?? '—', responsive: ['lg'] },
  ];
  return (
    <ListTable
      query={list}
      rowKey="id"
      columns={columns}
      deps={[current.code]}
      load={(page, signal) => assistance.list({ ...filter, ...page }, signal)}
      exportTo={{ path: '/api/v1/assistance-applications/export.xlsx', query: filter }}
      toolbar={
        <Select
          allowClear
          placeholder={t('assist.filterState')}
          style={{ width: 200 }}
          value={filter.state}
          options={STATES.map((s) => ({ value: s, label: <StateTag state={s} /> }))}
          onChange={(v: string | undefined) => list.setFilter({ state: v ?? null })}
        />
      }
    />
  );
}

const TASKS: AssistanceTask['task'][] = ['precheck', 'review', 'recognise', 'recheck', 'handover_assessment', 'period_ended'];
const TASK_PAGE = 50;

/** Due steps of the whole area, most urgent first, paged by the server with the total and per-task counts. */
function Tasks() {
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const list = useListQuery(['task'] as const, { pageSize: TASK_PAGE, resetOn: current.code });
  const task = TASKS.find((k) => k === list.filter.task);
  const columns: ColumnsType<AssistanceTask> = [
    { key: 'task', title: t('assist.task'), render: (_, w) => appLink(w.applicationId, label('assistTask', w.task)) },
    { key: 'person', title: t('persons.col.name'), render: (_, w) => <Link to={`/persons/${encodeURIComponent(w.personId)}`}>{w.personName ?? t('assist.openFile')}</Link> },
    { key: 'id', title: t('assist.idNumber'), render: (_, w) => w.idNumberMasked ?? '—', responsive: ['lg'] },
    { key: 'due', title: t('assist.due'), render: (_, w) => <Typography.Text type={w.overdue ? 'danger' : undefined} strong={w.overdue}>{w.due ?? '—'}</Typography.Text> },
    { key: 'overdue', title: '', render: (_, w) => (w.overdue ? <Tag color="red">{t('assist.overdue')}</Tag> : null) },
  ];
  return (
    <ListTable
      query={list}
      rowKey={(w) => `${w.applicationId}:${w.task}`}
      columns={columns}
      deps={[current.code]}
      load={(page, signal) => assistance.worklist({ jurisdiction: current.code, task, ...page }, signal)}
      table={{ 'data-testid': 'tasks' }}
      // The counts cover every task whatever the filter: the filter's options show them once loaded.
      summary={(data) => (
        <>
          <Typography.Paragraph type="secondary" data-testid="tasks-hint" style={{ marginBottom: 0 }}>
            {data ? t('assist.tasksTotal', { total: data.total, date: data.asOf }) : '…'}
          </Typography.Paragraph>
          <Select
            allowClear
            placeholder={t('assist.filterTask')}
            style={{ minWidth: 260, maxWidth: 420 }}
            value={task}
            data-testid="task-filter"
            options={TASKS.map((k) => ({ value: k, label: data ? t('assist.taskCount', { task: label('assistTask', k), total: data.counts[k].total, overdue: data.counts[k].overdue }) : label('assistTask', k) }))}
            onChange={(v: string | undefined) => list.setFilter({ task: v ?? null })}
          />
        </>
      )}
    />
  );
}

const NOTICE_PAGE = 50;

/** Public notices running in the area (masked as the pack allows), paged by the server, the one ending first on top. */
function Notices() {
  const { t, label, language } = useI18n();
  const { current } = useJurisdiction();
  const list = useListQuery([] as const, { pageSize: NOTICE_PAGE, resetOn: current.code });
  const columns: ColumnsType<NoticeItem> = [
    { key: 'name', title: t('assist.notice.name'), render: (_, n) => appLink(n.applicationId, n.name) },
    { key: 'sex', title: t('assist.notice.sex'), render: (_, n) => label('sex', n.sex) },
    { key: 'age', title: t('assist.notice.age'), dataIndex: 'age' },
    { key: 'cat', title: t('assist.notice.category'), render: (_, n) => n.categories.map((c) => <Tag key={c.id}>{language === 'en-US' ? c.nameEn : c.nameZh}</Tag>) },
    {
      key: 'period',
      title: t('assist.notice.period'),
      render: (_, n) => (
        <>
          {t('assist.notice.periodText', { from: n.from, to: n.to, days: n.workingDays })} {n.ended ? <Tag color="green">{t('assist.notice.ended')}</Tag> : null}
        </>
      ),
    },
    { key: 'contact', title: t('assist.notice.contact'), render: (_, n) => (n.contact ? `${n.contact.name} ${n.contact.phone ?? ''}` : '—') },
    { key: 'source', title: t('assist.clause'), dataIndex: 'source', responsive: ['lg'] },
  ];
  return (
    <ListTable
      query={list}
      rowKey="applicationId"
      columns={columns}
      deps={[current.code]}
      load={(page, signal) => assistance.notices({ jurisdiction: current.code, ...page }, signal)}
      table={{ 'data-testid': 'notices' }}
      summary={(data) => <Typography.Paragraph type="secondary">{data ? t('assist.noticesTotal', { total: data.total, date: data.asOf }) : '…'}</Typography.Paragraph>}
    />
  );
}

const CANDIDATE_PAGE = 50;

/** 服务找人: the whole jurisdiction's candidates, paged by the server with the exact total. */
function Candidates() {
  const { t, language } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const { current } = useJurisdiction();
  const list = useListQuery([] as const, { pageSize: CANDIDATE_PAGE, resetOn: current.code });
  const columns: ColumnsType<AssistanceCandidate> = [
    { key: 'name', title: t('persons.col.name'), render: (_, c) => <Link to={`/persons/${encodeURIComponent(c.personId)}`}>{c.name}</Link> },
    { key: 'id', title: t('assist.idNumber'), dataIndex: 'idNumberMasked', responsive: ['lg'] },
    { key: 'eligible', title: t('assist.eligibleCol'), render: (_, c) => <TriTag value={c.eligible} /> },
    {
      key: 'reasons',
      title: t('assist.reasons'),
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          {c.reasons.map((r) => (
            <span key={r.code}>
              {language === 'en-US' ? r.textEn : r.textZh} <Typography.Text type="secondary">（{r.source}）</Typography.Text>
            </span>
          ))}
          {c.missingFacts.length > 0 && <Typography.Text type="warning">{t('assist.missing', { facts: c.missingFacts.join('、') })}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'registeredOn', title: t('reg.registeredOn'), render: (_, c) => c.registeredOn ?? '—', responsive: ['md'] },
    ...(canDo(user.role, 'assistance.apply')
      ? [{ key: 'apply', title: '', render: (_: unknown, c: AssistanceCandidate) => <Button size="small" onClick={() => navigate(`/assistance/apply/${encodeURIComponent(c.personId)}`)}>{t('assist.apply')}</Button> }]
      : []),
  ];
  return (
    <ListTable
      query={list}
      rowKey="personId"
      columns={columns}
      deps={[current.code]}
      load={(page, signal) => assistance.candidates({ jurisdiction: current.code, ...page }, signal)}
      table={{ 'data-testid': 'candidates' }}
      summary={(data) => (
        <Typography.Paragraph type="secondary" data-testid="candidates-hint">
          {data ? t('assist.candidatesTotal', { total: data.total, scanned: data.scanned, date: data.asOf }) : '…'}
        </Typography.Paragraph>
      )}
    />
  );
}

function Overdue() {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const [result, retry] = useApi((signal) => assistance.overdue(current.code, signal), [current.code]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const columns: ColumnsType<OverdueMeasure> = [
    { key: 'person', title: t('persons.col.name'), render: (_, m) => <Link to={`/assistance/plans/${encodeURIComponent(m.planId)}`}>{m.personName ?? '—'}</Link> },
    { key: 'desc', title: t('assist.plan.measure'), dataIndex: 'description' },
    { key: 'target', title: t('assist.plan.targetDate'), render: (_, m) => <Typography.Text type="danger">{m.targetDate}</Typography.Text> },
    { key: 'worker', title: t('assist.plan.responsible'), dataIndex: 'responsibleWorker' },
  ];
  return <Table rowKey="measureId" size="middle" columns={columns} dataSource={result.data.items} pagination={false} />;
}

/** 就业援助: recognition applications, due steps, public notices, 服务找人 candidates and overdue plan measures. */
export function AssistancePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'applications';
  const body: Record<TabKey, ReactNode> = { applications: <Applications />, tasks: <Tasks />, notices: <Notices />, candidates: <Candidates />, overdue: <Overdue />, referrals: <ReferralsTab /> };
  return (
    <Card title={t('assist.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={TABS.map((k) => ({ key: k, label: t(`assist.tab.${k}`), children: k === tab ? body[k] : null }))}
      />
    </Card>
  );
}
