import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Progress, Segmented, Select, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { errorMessage } from '../api/client.ts';
import { imports } from '../api/endpoints.ts';
import { IMPORT_KINDS, type ImportJob, type ImportKind, type ImportRejection } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ListTable, useListQuery } from '../components/ListTable.tsx';
import { formatTime } from '../lib/dates.ts';

const RUNNING: readonly ImportJob['state'][] = ['queued', 'running'];
const POLL_MS = 1000;

/** The job's state, polled once a second while it is queued or running. */
function useJob(id: string | null): [ImportJob | null, (j: ImportJob) => void, string | null, () => void] {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!id) {
      setJob(null);
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const load = async () => {
      try {
        const j = await imports.get(id, controller.signal);
        if (!live) return;
        setJob(j);
        setError(null);
        if (RUNNING.includes(j.state)) timer = setTimeout(() => void load(), POLL_MS);
      } catch (err) {
        if (live && !controller.signal.aborted) setError(errorMessage(err));
      }
    };
    void load();
    return () => {
      live = false;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, attempt]);
  return [job, setJob, error, () => setAttempt((n) => n + 1)];
}

function Rejections({ job }: { job: ImportJob }) {
  const { t, language } = useI18n();
  // Beside the recent jobs on one page: its paging is `rejectionsPage`/`rejectionsPageSize` in the URL.
  const list = useListQuery([] as const, { prefix: 'rejections', resetOn: job.id });
  return (
    <ListTable<ImportRejection, never>
      query={list}
      rowKey="row"
      deps={[job.id, job.progress.rejected]}
      load={(q, signal) => imports.rejections(job.id, q.page, q.pageSize, signal)}
      table={{ size: 'small', 'data-testid': 'rejections' }}
      columns={[
        { key: 'row', title: t('import.row'), dataIndex: 'row', width: 80 },
        { key: 'label', title: t('import.rowLabel'), render: (_, r) => r.label ?? '—' },
        {
          key: 'issues',
          title: t('import.issues'),
          render: (_, r) => (
            <Flex vertical gap={2}>
              {r.issues.map((i, n) => (
                <span key={n}>
                  {i.column && <Tag>{i.column}</Tag>}
                  {language === 'en-US' ? i.messageEn : i.messageZh}
                </span>
              ))}
            </Flex>
          ),
        },
      ]}
    />
  );
}

function MappingEditor({ job, onChanged }: { job: ImportJob; onChanged: (j: ImportJob) => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Record<string, number | null>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft({}), [job.id]);
  const columnOptions = job.headers.map((h, i) => ({ value: i, label: `${i + 1}. ${h || t('import.emptyHeader')}` }));

  const save = async () => {
    setBusy(true);
    try {
      onChanged(await imports.setMapping(job.id, draft));
      setDraft({});
      void message.success(t('common.saved'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      {job.missingFields.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('import.missing', {
            fields: job.mapping
              .filter((m) => job.missingFields.includes(m.field))
              .map((m) => (language === 'en-US' ? m.labelEn : m.label))
              .join('、'),
          })}
        />
      )}
      <Table
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={job.mapping}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'field',
            title: t('import.field'),
            render: (_, m) => (
              <span>
                {language === 'en-US' ? m.labelEn : m.label} {m.required && <Tag color="red">{t('import.required')}</Tag>}
              </span>
            ),
          },
          {
            key: 'column',
            title: t('import.column'),
            render: (_, m) => (
              <Select
                allowClear
                style={{ minWidth: 220 }}
                disabled={job.state !== 'pending'}
                placeholder={t('import.unmapped')}
                value={m.field in draft ? (draft[m.field] ?? undefined) : (m.column ?? undefined)}
                options={columnOptions}
                onChange={(v: number | undefined) => setDraft((d) => ({ ...d, [m.field]: v ?? null }))}
              />
            ),
          },
        ]}
      />
      {job.unmappedColumns.length > 0 && (
        <Typography.Text type="secondary">{t('import.unmappedColumns', { columns: job.unmappedColumns.map((c) => c.header).join('、') })}</Typography.Text>
      )}
      {job.state === 'pending' && (
        <div>
          <Button onClick={() => void save()} loading={busy} disabled={Object.keys(draft).length === 0}>
            {t('import.saveMapping')}
          </Button>
        </div>
      )}
    </Flex>
  );
}

/**
 * 批量导入: download a template, upload the ledger (.xlsx or .csv, GBK or UTF-8), fix the detected column mapping,
 * start, watch the progress, then read the rejected rows (nothing is written for them) or download the report.
 */
export function ImportPage() {
  const { t, label, language } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [kind, setKind] = useState<ImportKind>('persons');
  const [uploading, setUploading] = useState(false);
  const [starting, setStarting] = useState(false);
  const [job, setJob, pollError, poll] = useJob(jobId);
  const recentList = useListQuery([] as const);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const r = await imports.upload(kind, file);
      if (r.existing) void message.info(t('import.existing'));
      setParams({ job: r.job.id });
      setJob(r.job);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const start = async () => {
    if (!job) return;
    setStarting(true);
    try {
      setJob(await imports.start(job.id));
      poll();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  const p = job?.progress;
  return (
    <Flex vertical gap={16}>
      <Card title={t('import.title')}>
        <Flex vertical gap={12}>
          <Flex gap={8} wrap align="center">
            <Segmented<ImportKind> value={kind} onChange={setKind} options={IMPORT_KINDS.map((k) => ({ value: k, label: label('importKind', k) }))} />
            <Button icon={<DownloadOutlined />} href={imports.templateUrl(kind, 'xlsx')}>
              {t('import.template', { format: 'Excel' })}
            </Button>
            <Button icon={<DownloadOutlined />} href={imports.templateUrl(kind, 'csv')}>
              {t('import.template', { format: 'CSV' })}
            </Button>
          </Flex>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{uploading ? t('import.uploading') : t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
        </Flex>
      </Card>
      {pollError && <Alert type="error" showIcon title={pollError} />}
      {job && p && (
        <Card
          title={
            <Flex gap={8} wrap align="center">
              <span>{job.fileName}</span>
              <Tag color={job.state === 'done' ? 'green' : job.state === 'failed' ? 'red' : 'blue'}>{label('importState', job.state)}</Tag>
            </Flex>
          }
          extra={
            job.state === 'pending' && (
              <Button type="primary" onClick={() => void start()} loading={starting} disabled={job.missingFields.length > 0} data-testid="import-start">
                {t('import.start')}
              </Button>
            )
          }
        >
          <Flex vertical gap={12}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'kind', label: t('import.kind'), children: label('importKind', job.kind) },
                { key: 'format', label: t('import.format'), children: `${job.format}${job.encoding ? ` · ${job.encoding}` : ''}` },
                { key: 'size', label: t('import.size'), children: `${(job.sizeBytes / 1024).toFixed(1)} KB` },
                { key: 'created', label: t('import.created'), children: formatTime(job.createdAt, language) },
                { key: 'header', label: t('import.headerRow'), children: job.headerRow },
              ]}
            />
            {job.error && <Alert type="error" showIcon title={job.error.message} />}
            {job.state !== 'pending' && (
              <>
                <Progress percent={Math.floor(p.percent ?? 0)} status={job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : 'active'} data-testid="import-progress" />
                <Typography.Text>
                  {t('import.counts', {
                    processed: p.processed,
                    total: p.total ?? '?',
                    accepted: p.accepted,
                    rejected: p.rejected,
                    created: p.createdPersons,
                    updated: p.updatedPersons,
                    unchanged: p.unchanged,
                    registrations: p.createdRegistrations,
                  })}
                  {p.rowsPerSecond !== null && RUNNING.includes(job.state) ? ` · ${t('import.speed', { rate: Math.round(p.rowsPerSecond), eta: p.etaSeconds ?? '?' })}` : ''}
                </Typography.Text>
              </>
            )}
            {job.state === 'pending' ? (
              <MappingEditor job={job} onChanged={setJob} />
            ) : (
              // Once started the mapping is history: folded away, still there to check.
              <Collapse size="small" items={[{ key: 'mapping', label: t('import.mapping'), children: <MappingEditor job={job} onChanged={setJob} /> }]} />
            )}
            {p.rejected > 0 && (
              <>
                <Flex gap={8} align="center" wrap>
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    {t('import.rejected', { count: p.rejected })}
                  </Typography.Title>
                  <Button size="small" icon={<DownloadOutlined />} href={imports.reportUrl(job.id, 'xlsx')}>
                    {t('import.report', { format: 'Excel' })}
                  </Button>
                  <Button size="small" icon={<DownloadOutlined />} href={imports.reportUrl(job.id, 'csv')}>
                    {t('import.report', { format: 'CSV' })}
                  </Button>
                </Flex>
                <Rejections job={job} />
              </>
            )}
          </Flex>
        </Card>
      )}
      <Card title={t('import.recent')} size="small">
        <ListTable<ImportJob, never>
          query={recentList}
          rowKey="id"
          deps={[job?.state]}
          load={(q, signal) => imports.list(q, signal)}
          table={{ size: 'small' }}
          columns={[
            { key: 'file', title: t('import.file'), render: (_, j) => <Typography.Link onClick={() => setParams({ job: j.id })}>{j.fileName}</Typography.Link> },
            { key: 'kind', title: t('import.kind'), render: (_, j) => label('importKind', j.kind) },
            { key: 'state', title: t('import.state'), render: (_, j) => label('importState', j.state) },
            { key: 'counts', title: t('import.result'), render: (_, j) => `${j.progress.accepted} / ${j.progress.rejected}` },
            { key: 'created', title: t('import.created'), render: (_, j) => formatTime(j.createdAt, language) },
          ]}
        />
      </Card>
    </Flex>
  );
}
