// 合规率: for operators and supervisors, per child jurisdiction of the picked one — obligations met, follow-ups on
// time, first contact within the deadline, stale long-term files — with a drill-down to the people behind a number.
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Drawer, Flex, Progress, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { compliance } from '../../api/endpoints.ts';
import { COMPLIANCE_MEASURES, type ComplianceMeasure, type CompliancePerson, type ComplianceRow } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { ListTable, useListQuery } from '../../components/ListTable.tsx';
import { useApi } from '../../components/useApi.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';

/** The API's rate is already a percent with one decimal; null (nothing due) shows a dash rather than 0 %. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(1)}%`;
}

function Rate({ rate, detail, testId, onClick }: { rate: number | null; detail: string; testId: string; onClick: () => void }) {
  return (
    <Flex vertical gap={0} style={{ minWidth: 120 }}>
      <Typography.Link onClick={onClick} data-testid={testId}>
        {percent(rate)}
      </Typography.Link>
      {rate !== null && <Progress percent={rate} size="small" showInfo={false} status={rate < 60 ? 'exception' : 'normal'} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {detail}
      </Typography.Text>
    </Flex>
  );
}

function PeopleDrawer({ jurisdiction, name, measure, onClose }: { jurisdiction: string; name: string; measure: ComplianceMeasure; onClose: () => void }) {
  const { t, label } = useI18n();
  // The drawer's status, page and sort live in the URL beside the page's own `jurisdiction`.
  const list = useListQuery(['status'] as const, { pageSize: 50 });
  const status: 'failing' | 'ok' = list.filter.status === 'ok' ? 'ok' : 'failing';
  const filter = { jurisdiction, measure, status };
  const close = () => {
    list.set({ status: null, page: null, pageSize: null, sort: null, order: null });
    onClose();
  };
  const columns: ColumnsType<CompliancePerson> = [
    { key: 'name', title: t('persons.col.name'), sorter: true, render: (_, p) => <Link to={`/persons/${encodeURIComponent(p.personId)}?tab=services`}>{p.name}</Link> },
    { key: 'id', title: t('persons.col.idNumber'), render: (_, p) => <Typography.Text code>{p.idNumberMasked}</Typography.Text> },
    { key: 'tier', title: t('service.state.tier'), render: (_, p) => label('tier', p.tier) },
    { key: 'registeredOn', title: t('reg.registeredOn'), dataIndex: 'registeredOn', sorter: true },
    { key: 'obligations', title: t('compliance.obligations'), render: (_, p) => `${p.obligations.met} / ${p.obligations.required}${p.obligations.overdue ? ` (${t('service.status.overdue')} ${p.obligations.overdue})` : ''}` },
    { key: 'followUpDue', title: t('compliance.followUp'), sorter: true, render: (_, p) => (p.followUpDue ? <span>{p.followUpDue} {p.followUpOverdue && <Tag color="red">{t('service.status.overdue')}</Tag>}</span> : '—') },
    { key: 'firstContactDeadline', title: t('compliance.firstContact'), sorter: true, render: (_, p) => p.firstContactOn ?? (p.firstContactDeadline ? `${t('compliance.deadline')} ${p.firstContactDeadline}` : '—') },
    { key: 'stale', title: t('compliance.stale'), render: (_, p) => (p.stale ? <Tag color="red">{p.fileVerifiedOn ?? '—'}</Tag> : '—') },
  ];
  return (
    <Drawer open onClose={close} size="large" title={t('compliance.people.title', { name, measure: t(`compliance.measure.${measure}`) })}>
      <ListTable<CompliancePerson, 'status'>
        query={list}
        rowKey="personId"
        deps={[jurisdiction, measure]}
        load={(q, signal) => compliance.people({ ...filter, ...q }, signal)}
        exportTo={{ path: '/api/v1/compliance/people/export.xlsx', query: filter }}
        columns={columns}
        pageSizeOptions={[20, 50, 100, 200]}
        table={{ size: 'small', 'data-testid': 'compliance-people' }}
        toolbar={
          <Segmented<'failing' | 'ok'>
            value={status}
            onChange={(v) => list.setFilter({ status: v === 'failing' ? null : v })}
            options={[
              { value: 'failing', label: t('compliance.people.failing') },
              { value: 'ok', label: t('compliance.people.ok') },
            ]}
          />
        }
      />
    </Drawer>
  );
}

export function CompliancePage() {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const [params] = useSearchParams();
  const code = params.get('jurisdiction') ?? current.code;
  const [result, retry] = useApi((signal) => compliance.summary(code, signal), [code]);
  const [drill, setDrill] = useState<{ code: string; name: string; measure: ComplianceMeasure } | null>(null);

  const open = (row: ComplianceRow, measure: ComplianceMeasure) => setDrill({ code: row.jurisdiction.code, name: row.jurisdiction.name, measure });
  const columns: ColumnsType<ComplianceRow> = [
    { key: 'name', title: t('persons.col.jurisdiction'), render: (_, r) => r.jurisdiction.name, fixed: 'left' },
    { key: 'registrants', title: t('compliance.registrants'), render: (_, r) => r.registrants },
    {
      key: 'obligations',
      title: t('compliance.obligations'),
      render: (_, r) => (
        <Rate
          rate={r.obligations.rate}
          testId={`rate-obligations-${r.jurisdiction.code}`}
          detail={t('compliance.obligations.detail', { met: r.obligations.met, required: r.obligations.required, overdue: r.obligations.overdue })}
          onClick={() => open(r, 'obligations')}
        />
      ),
    },
    {
      key: 'followUp',
      title: t('compliance.followUp'),
      render: (_, r) => <Rate rate={r.followUp.rate} testId={`rate-follow_up-${r.jurisdiction.code}`} detail={t('compliance.ratio', { n: r.followUp.onTime, d: r.followUp.due })} onClick={() => open(r, 'follow_up')} />,
    },
    {
      key: 'firstContact',
      title: t('compliance.firstContact'),
      render: (_, r) => (
        <Rate rate={r.firstContact.rate} testId={`rate-first_contact-${r.jurisdiction.code}`} detail={t('compliance.ratio', { n: r.firstContact.withinDeadline, d: r.firstContact.due })} onClick={() => open(r, 'first_contact')} />
      ),
    },
    {
      key: 'stale',
      title: t('compliance.stale'),
      render: (_, r) => (
        <Typography.Link onClick={() => open(r, 'stale')} data-testid={`stale-${r.jurisdiction.code}`}>
          {t('compliance.stale.detail', { stale: r.staleFiles.stale, longTerm: r.staleFiles.longTerm })}
        </Typography.Link>
      ),
    },
  ];

  return (
    <Card
      title={t('compliance.title')}
      extra={<Typography.Text type="secondary">{t('persons.scope', { name: result.state === 'ready' ? result.data.jurisdiction.name : current.name })}</Typography.Text>}
    >
      {result.state === 'error' ? (
        <ErrorView error={result.error} onRetry={retry} />
      ) : (
        <Flex vertical gap={12}>
          <Table<ComplianceRow>
            rowKey={(r) => r.jurisdiction.code}
            size="middle"
            data-testid="compliance"
            loading={result.state === 'loading'}
            dataSource={result.state === 'ready' ? [...result.data.items] : []}
            columns={columns}
            scroll={{ x: 'max-content' }}
            pagination={false}
            summary={() =>
              result.state === 'ready' ? (
                <Table.Summary.Row data-testid="compliance-total">
                  {columns.map((c, i) => (
                    <Table.Summary.Cell key={String(c.key)} index={i}>
                      {i === 0 ? <Typography.Text strong>{t('compliance.total')}</Typography.Text> : (c.render?.(undefined, result.data.total, -1) as ReactNode)}
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ) : null
            }
          />
          {result.state === 'ready' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('compliance.asOf', { date: result.data.asOf })} · {COMPLIANCE_MEASURES.map((m) => t(`compliance.measure.${m}`)).join(' / ')}: {t('compliance.hint')}
            </Typography.Text>
          )}
        </Flex>
      )}
      {drill && <PeopleDrawer jurisdiction={drill.code} name={drill.name} measure={drill.measure} onClose={() => setDrill(null)} />}
    </Card>
  );
}
