// 信息比对 (R7): partner files are uploaded here (operators, partners), read by the server's worker with a progress
// bar (rows read, percent, ETA) and a cancel; every run lists its counts and its rejected rows. Findings go to the
// caseworkers, who confirm (the proposed action is applied through the normal services) or dismiss with a reason;
// supervisors see confirmed / dismissed / pending per jurisdiction and dataset. Nothing changes a person silently.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Progress, Select, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { canDo } from '../../access.ts';
import { errorMessage } from '../../api/client.ts';
import { comparison } from '../../api/endpoints.ts';
import { FINDING_CATEGORIES, FINDING_STATES, type ComparisonRun, type ComparisonSummary, type DatasetSpec, type Finding } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ListTable, useListQuery } from '../../components/ListTable.tsx';
import { useAction } from '../../components/useAction.ts';
import { formatTime } from '../../lib/dates.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';

const ACTIVE = new Set(['queued', 'running']);
const STATE_COLOR: Record<string, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error', cancelled: 'warning', pending: 'orange', applying: 'processing', confirmed: 'green', dismissed: 'default' };

function useDatasets() {
  const [result] = useApi((signal) => comparison.datasets(signal), []);
  return result.state === 'ready' ? result.data.items : [];
}

function kindName(datasets: DatasetSpec[], kind: string, english: boolean): string {
  const d = datasets.find((x) => x.kind === kind);
  return d ? (english ? d.en : d.zh) : kind;
}

/** "1 分 20 秒" style remaining time. */
function eta(seconds: number | null, t: ReturnType<typeof useI18n>['t']): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? t('comparison.eta.min', { m: Math.floor(s / 60), s: s % 60 }) : t('comparison.eta.sec', { s });
}

export function RunProgress({ run }: { run: ComparisonRun }) {
  const { t, label } = useI18n();
  const fraction = run.state === 'done' ? 1 : (run.progress?.fraction ?? 0);
  const rows = run.progress?.rowsRead ?? run.rowsRead;
  return (
    <Flex vertical gap={4} data-testid="run-progress" data-state={run.state}>
      <Progress
        percent={Math.floor(fraction * 1000) / 10}
        status={run.state === 'failed' ? 'exception' : run.state === 'done' ? 'success' : ACTIVE.has(run.state) ? 'active' : 'normal'}
      />
      <Typography.Text type="secondary" data-testid="run-progress-text">
        {label('comparisonState', run.state)}
        {run.phase && ACTIVE.has(run.state) ? ` · ${label('comparisonPhase', run.phase)}` : ''} · {t('comparison.rowsRead', { rows: rows.toLocaleString() })}
        {ACTIVE.has(run.state) && ` · ${t('comparison.eta', { eta: eta(run.progress?.etaSeconds ?? null, t) })}`}
      </Typography.Text>
    </Flex>
  );
}

function UploadPanel({ datasets, onUploaded }: { datasets: DatasetSpec[]; onUploaded: (run: ComparisonRun, existing: boolean) => void }) {
  const { t, language } = useI18n();
  const user = useUser();
  const [kind, setKind] = useState<string>('social_insurance');
  const [partner, setPartner] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const spec = datasets.find((d) => d.kind === kind);
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const run = await comparison.upload(kind, partner.trim() || user.username, file);
      // A new upload answers a queued run; the same content (by hash) answers its earlier, finished run.
      onUploaded(run, !ACTIVE.has(run.state));
      setFile(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="end">
        <Flex vertical gap={4}>
          <Typography.Text>{t('comparison.kind')}</Typography.Text>
          <Select
            data-testid="comparison-kind"
            style={{ minWidth: 260 }}
            value={kind}
            onChange={setKind}
            options={datasets.map((d) => ({ value: d.kind, label: `${language === 'en-US' ? d.en : d.zh}（${d.partnerZh}）` }))}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('comparison.partner')}</Typography.Text>
          <Input data-testid="comparison-partner" value={partner} onChange={(e) => setPartner(e.target.value)} placeholder={spec?.partnerZh ?? ''} style={{ width: 220 }} maxLength={100} />
        </Flex>
        <Upload
          accept=".csv,.txt,.xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />} data-testid="comparison-file">
            {t('comparison.chooseFile')}
          </Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={busy} onClick={() => void submit()} data-testid="comparison-upload">
          {t('comparison.upload')}
        </Button>
      </Flex>
      {error && <Alert type="error" showIcon title={error} data-testid="comparison-upload-error" />}
      {spec && (
        <Typography.Text type="secondary">
          {t('comparison.columns')}：{spec.fields.map((f) => `${language === 'en-US' ? f.en : f.zh}${f.required ? '*' : ''}`).join('、')} · {spec.source}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Runs: staff see those of their area; partners (comparison.runs without comparison.read) the ones they uploaded. */
function RunsPanel({ datasets, canUpload, canFindings, onFindings }: { datasets: DatasetSpec[]; canUpload: boolean; canFindings: boolean; onFindings: (runId: string) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const [result, retry] = useApi((signal) => comparison.runs(signal), [tick]);
  const runs = result.state === 'ready' ? result.data.items : [];
  const watching = runs.some((r) => ACTIVE.has(r.state));
  // Poll while a run is queued or running; stop once everything has finished.
  useEffect(() => {
    if (!watching) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [watching, result]);

  const action = useAction();
  const check = async (which: 'stale' | 'hardship') => {
    if (await action.run(() => (which === 'stale' ? comparison.stale() : comparison.hardship()), { success: t('comparison.check.started') })) setTick((n) => n + 1);
  };

  const cancel = async (run: ComparisonRun) => {
    if (await action.run(() => comparison.cancel(run.id))) setTick((n) => n + 1);
  };

  const columns: ColumnsType<ComparisonRun> = [
    { key: 'file', title: t('comparison.file'), render: (_, r) => <Flex vertical><span>{r.fileName ?? (r.check === 'hardship' ? t('comparison.hardshipRun') : t('comparison.staleRun'))}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{kindName(datasets, r.datasetKind, language === 'en-US')} · {r.partner}</Typography.Text></Flex> },
    { key: 'progress', title: t('comparison.progress'), render: (_, r) => (r.error ? <Typography.Text type="danger">{language === 'en-US' ? r.error.en : r.error.zh}</Typography.Text> : <RunProgress run={r} />), width: 320 },
    {
      key: 'counts',
      title: t('comparison.counts'),
      render: (_, r) => (
        <Typography.Text data-testid="run-counts">
          {/* Partners get file-level counts only: match counts would reveal who is registered. */}
          {r.matches === null || r.findingsCreated === null
            ? t('comparison.countsFileText', { read: r.rowsRead, rejected: r.rowsRejected })
            : t('comparison.countsText', { read: r.rowsRead, rejected: r.rowsRejected, matches: r.matches, findings: r.findingsCreated })}
        </Typography.Text>
      ),
    },
    { key: 'by', title: t('comparison.by'), render: (_, r) => `${r.createdByName} · ${formatTime(r.createdAt, language)}`, responsive: ['lg'] },
    {
      key: 'actions',
      title: '',
      render: (_, r) => (
        <Flex gap={4} wrap>
          {canUpload && ACTIVE.has(r.state) && (
            <Button size="small" danger onClick={() => void cancel(r)} data-testid="run-cancel">
              {t('comparison.cancel')}
            </Button>
          )}
          {r.rowsRejected > 0 && (
            <Button size="small" href={comparison.rejectedUrl(r.id)} data-testid="run-rejected">
              {t('comparison.rejected', { n: r.rowsRejected })}
            </Button>
          )}
          {canFindings && r.state === 'done' && (r.findingsCreated ?? 0) > 0 && (
            <Button size="small" type="link" onClick={() => onFindings(r.id)} data-testid="run-findings">
              {t('comparison.openFindings')}
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      {canUpload && (
        <UploadPanel
          datasets={datasets}
          onUploaded={(_run, existing) => {
            void message.success(existing ? t('comparison.uploaded.existing') : t('comparison.uploaded'));
            setTick((n) => n + 1);
          }}
        />
      )}
      {canUpload && canFindings && (
        // Registry checks without a partner file: stale files (R7.5) and registrants in hardship (R7.4).
        <Flex gap={8} wrap>
          <Button onClick={() => void check('stale')} data-testid="check-stale">
            {t('comparison.check.stale')}
          </Button>
          <Button onClick={() => void check('hardship')} data-testid="check-hardship">
            {t('comparison.check.hardship')}
          </Button>
        </Flex>
      )}
      {result.state === 'error' ? (
        <ErrorView error={result.error} onRetry={retry} />
      ) : (
        <Table<ComparisonRun>
          rowKey="id"
          size="small"
          data-testid="comparison-runs"
          loading={result.state === 'loading' && runs.length === 0}
          dataSource={runs}
          columns={columns}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      )}
    </Flex>
  );
}

/** A proposed action in words: employment registration / deregistration with the reason code and its clause. */
function ProposedAction({ action }: { action: Record<string, unknown> }) {
  const { t, label } = useI18n();
  const type = String(action.type ?? '');
  const reason = typeof action.reason === 'string' ? action.reason : null;
  const source = [action.source, action.rule, action.clause].find((v): v is string => typeof v === 'string' && v.length > 0);
  return (
    <Flex vertical gap={2}>
      <span>
        <Tag color="blue">{label('findingAction', type)}</Tag>
        {reason && <span data-testid="finding-reason">{label('deregReason', reason)}（{reason}）</span>}
        {typeof action.employerName === 'string' && <Typography.Text type="secondary"> · {action.employerName}</Typography.Text>}
      </span>
      {action.allowed === false && <Typography.Text type="danger">{t('comparison.notAllowed')}</Typography.Text>}
      {source && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('comparison.clause', { source })}</Typography.Text>}
    </Flex>
  );
}

/** Evidence rows of the partner file, headed by the dataset's column names where the schema knows them. */
function Evidence({ finding, datasets }: { finding: Finding; datasets: DatasetSpec[] }) {
  const { language } = useI18n();
  const fields = datasets.find((d) => d.kind === finding.datasetKind)?.fields ?? [];
  const head = (k: string) => {
    const f = fields.find((x) => x.key === k);
    return f ? (language === 'en-US' ? f.en : f.zh) : k;
  };
  const keys = [...new Set(finding.evidence.flatMap((e) => Object.keys(e)))].filter((k) => k !== 'dataset');
  return (
    <Table<Record<string, unknown>>
      size="small"
      rowKey={(_, i) => String(i)}
      pagination={false}
      dataSource={finding.evidence}
      columns={keys.map((k) => ({ key: k, title: head(k), render: (_: unknown, e: Record<string, unknown>) => (e[k] === null || e[k] === undefined ? '—' : String(e[k])) }))}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** The person's name: from their file when known (as every list shows it), else the partner's spelling. */
function findingName(f: Finding): string {
  const fromEvidence = f.evidence.map((e) => e.name).find((n): n is string => typeof n === 'string' && n.length > 0);
  return f.person?.name ?? f.subject?.name ?? fromEvidence ?? '—';
}

/** Criteria met (discovery, referral) in words, each with its source. */
function Criteria({ finding }: { finding: Finding }) {
  const { t, language } = useI18n();
  const names = (finding.criteria ?? []).map((c) => (language === 'en-US' ? c.nameEn : c.nameZh)).filter((n): n is string => typeof n === 'string');
  if (names.length === 0) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="finding-criteria">
      {t('comparison.criteria', { criteria: names.join('；') })}
    </Typography.Text>
  );
}

function FindingsPanel({ datasets, runId, canReview, jurisdiction }: { datasets: DatasetSpec[]; runId: string | undefined; canReview: boolean; jurisdiction: string }) {
  const { t, label, language } = useI18n();
  // The context's modal (not the static Modal.confirm) so the buttons follow the ConfigProvider (no "确 认").
  const { message, modal } = App.useApp();
  const list = useListQuery(['state', 'kind', 'category'] as const, { resetOn: jurisdiction });
  // Pending findings unless the URL names another state, or `all`.
  const state = list.filter.state === 'all' ? undefined : (FINDING_STATES.find((s) => s === list.filter.state) ?? 'pending');
  const kind = list.filter.kind || undefined;
  const category = FINDING_CATEGORIES.find((c) => c === list.filter.category);
  const filter = { state, kind, category, runId, jurisdiction };
  const [dismissing, setDismissing] = useState<Finding | null>(null);
  // Bumped after a decision: the list reloads.
  const [version, setVersion] = useState(0);
  const retry = () => setVersion((v) => v + 1);

  const confirm = (f: Finding) => {
    // An employment finding from a file that named no employer (only its credit code) asks for the name; the
    // button stays disabled until one is entered.
    const needsEmployer = f.proposedAction.type === 'employment_registration' && !(typeof f.proposedAction.employerName === 'string' && f.proposedAction.employerName.trim());
    let typed = '';
    const dialog = modal.confirm({
      title: t('comparison.confirm.title', { name: findingName(f) }),
      content: needsEmployer ? (
        <Flex vertical gap={8}>
          <span>{t('comparison.confirm.body')}</span>
          <Typography.Text type="secondary">{t('comparison.confirm.employerNameHelp', { code: String(f.proposedAction.employerCreditCode ?? '—') })}</Typography.Text>
          <label htmlFor="confirm-employer-name">{t('comparison.confirm.employerName')}</label>
          <Input
            id="confirm-employer-name"
            maxLength={200}
            placeholder={t('comparison.confirm.employerNameRequired')}
            data-testid="confirm-employer-name"
            onChange={(e) => {
              typed = e.target.value.trim();
              dialog.update({ okButtonProps: { disabled: !typed } });
            }}
          />
        </Flex>
      ) : (
        t('comparison.confirm.body')
      ),
      okText: t('comparison.confirm'),
      ...(needsEmployer ? { okButtonProps: { disabled: true } } : {}),
      onOk: async () => {
        const employerName = needsEmployer ? typed : undefined;
        try {
          const done = await comparison.confirm(f.id, undefined, employerName);
          void message.success(t('comparison.confirmed', { state: label('comparisonState', done.state) }));
          retry();
        } catch (err) {
          void message.error(errorMessage(err));
          throw err;
        }
      },
    });
  };

  const columns: ColumnsType<Finding> = [
    {
      key: 'person',
      title: t('persons.col.name'),
      render: (_, f) => (
        <Flex vertical>
          {f.personKnown ? <Link to={`/persons/${encodeURIComponent(f.personId)}?tab=registrations`} data-testid="finding-person">{findingName(f)}</Link> : <span data-testid="finding-person">{findingName(f)}</span>}
          {(f.person?.idNumberMasked ?? f.subject?.idMasked) && <Typography.Text code style={{ fontSize: 12 }}>{f.person?.idNumberMasked ?? f.subject?.idMasked}</Typography.Text>}
        </Flex>
      ),
    },
    { key: 'dataset', title: t('comparison.kind'), render: (_, f) => kindName(datasets, f.datasetKind, language === 'en-US'), responsive: ['md'] },
    { key: 'rule', title: t('comparison.rule'), render: (_, f) => <Flex vertical><span>{label('findingCategory', f.category)}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.rule}</Typography.Text></Flex> },
    { key: 'action', title: t('comparison.proposed'), render: (_, f) => <Flex vertical><ProposedAction action={f.proposedAction} /><Criteria finding={f} /></Flex> },
    {
      key: 'state',
      title: t('comparison.state'),
      render: (_, f) => (
        <Flex vertical>
          <Tag color={STATE_COLOR[f.state]} data-testid="finding-state">{label('comparisonState', f.state)}</Tag>
          {f.dismissReason && <Typography.Text type="secondary">{f.dismissReason}</Typography.Text>}
          {f.decidedByName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.decidedByName}</Typography.Text>}
        </Flex>
      ),
    },
    ...(canReview
      ? [
          {
            key: 'decide',
            title: '',
            render: (_: unknown, f: Finding) =>
              f.state === 'pending' ? (
                <Flex gap={4}>
                  <Button size="small" type="primary" onClick={() => confirm(f)} data-testid="finding-confirm">
                    {t('comparison.confirm')}
                  </Button>
                  <Button size="small" onClick={() => setDismissing(f)} data-testid="finding-dismiss">
                    {t('comparison.dismiss')}
                  </Button>
                </Flex>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <ListTable
        query={list}
        rowKey="id"
        columns={columns}
        deps={[runId, jurisdiction, version]}
        load={(page, signal) => comparison.findings({ ...filter, ...page }, signal)}
        exportTo={{ path: '/api/v1/comparison/findings/export.xlsx', query: filter }}
        table={{
          size: 'small',
          'data-testid': 'findings',
          expandable: { expandedRowRender: (f) => <Evidence finding={f} datasets={datasets} />, rowExpandable: (f) => f.evidence.length > 0 },
          locale: { emptyText: t('comparison.findings.none') },
        }}
        toolbar={
          <>
            <Select allowClear placeholder={t('comparison.state')} style={{ width: 140 }} value={state} onChange={(v: string | undefined) => list.setFilter({ state: v === 'pending' ? null : (v ?? 'all') })} options={FINDING_STATES.map((s) => ({ value: s, label: label('comparisonState', s) }))} data-testid="filter-state" />
            <Select allowClear placeholder={t('comparison.kind')} style={{ width: 200 }} value={kind} onChange={(v: string | undefined) => list.setFilter({ kind: v ?? null })} options={[...datasets.map((d) => ({ value: d.kind, label: language === 'en-US' ? d.en : d.zh })), { value: 'registry', label: t('comparison.registry') }]} />
            <Select allowClear placeholder={t('comparison.category')} style={{ width: 160 }} value={category} onChange={(v: string | undefined) => list.setFilter({ category: v ?? null })} options={FINDING_CATEGORIES.map((c) => ({ value: c, label: label('findingCategory', c) }))} />
            {runId && <Tag data-testid="filter-run">{t('comparison.forRun', { id: runId.slice(0, 8) })}</Tag>}
          </>
        }
      />
      <FormDialog<{ reason: string }>
        open={dismissing !== null}
        title={t('comparison.dismiss.title')}
        okText={t('comparison.dismiss')}
        success={t('comparison.dismissed')}
        onClose={() => setDismissing(null)}
        onDone={retry}
        onSubmit={(v) => (dismissing ? comparison.dismiss(dismissing.id, v.reason.trim()) : Promise.resolve())}
      >
        <Form.Item name="reason" label={t('comparison.dismiss.reason')} rules={[{ required: true, whitespace: true, message: t('comparison.dismiss.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="dismiss-reason" />
        </Form.Item>
      </FormDialog>
    </>
  );
}

type SummaryRow = ComparisonSummary['items'][number];

function SummaryPanel({ datasets, jurisdiction }: { datasets: DatasetSpec[]; jurisdiction: string }) {
  const { t, language } = useI18n();
  const [result, retry] = useApi((signal) => comparison.summary(jurisdiction, signal), [jurisdiction]);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
  return (
    <Table<SummaryRow>
      rowKey={(r) => `${r.jurisdiction.code}:${r.datasetKind}`}
      size="small"
      data-testid="comparison-summary"
      loading={result.state === 'loading'}
      dataSource={result.state === 'ready' ? result.data.items : []}
      scroll={{ x: 'max-content' }}
      pagination={false}
      locale={{ emptyText: t('comparison.findings.none') }}
      columns={[
        { key: 'j', title: t('persons.col.jurisdiction'), render: (_, r) => r.jurisdiction.name },
        { key: 'k', title: t('comparison.kind'), render: (_, r) => kindName(datasets, r.datasetKind, language === 'en-US') },
        { key: 'total', title: t('comparison.summary.total'), dataIndex: 'total' },
        { key: 'pending', title: t('comparison.summary.pending'), dataIndex: 'pending' },
        { key: 'confirmed', title: t('comparison.summary.confirmed'), dataIndex: 'confirmed' },
        { key: 'dismissed', title: t('comparison.summary.dismissed'), dataIndex: 'dismissed' },
        { key: 'confirmedRate', title: t('comparison.summary.confirmedRate'), render: (_, r) => pct(r.confirmedRate) },
        { key: 'decidedRate', title: t('comparison.summary.decidedRate'), render: (_, r) => pct(r.decidedRate) },
      ]}
    />
  );
}

export function ComparisonPage() {
  const { t } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  const datasets = useDatasets();
  const [params, setParams] = useSearchParams();
  const canRead = canDo(user.role, 'comparison.read');
  const canRuns = canDo(user.role, 'comparison.runs');
  const canUpload = canDo(user.role, 'comparison.upload');
  const tabs = [
    ...(canRuns ? [{ key: 'runs', label: t('comparison.tab.runs'), children: <RunsPanel datasets={datasets} canUpload={canUpload} canFindings={canRead} onFindings={(id) => setParams({ tab: 'findings', run: id })} /> }] : []),
    ...(canRead
      ? [
          { key: 'findings', label: t('comparison.tab.findings'), children: <FindingsPanel datasets={datasets} runId={params.get('run') ?? undefined} canReview={canDo(user.role, 'comparison.review')} jurisdiction={current.code} /> },
          { key: 'summary', label: t('comparison.tab.summary'), children: <SummaryPanel datasets={datasets} jurisdiction={current.code} /> },
        ]
      : []),
  ];
  // Caseworkers start at their findings; uploaders at the runs.
  const fallback = canUpload ? 'runs' : 'findings';
  const tab = tabs.some((x) => x.key === params.get('tab')) ? (params.get('tab') as string) : fallback;
  return (
    <Card title={t('comparison.title')} extra={<Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>}>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={tabs} />
    </Card>
  );
}
