// 补贴审核发放: applications of the picked jurisdiction with the maker–checker actions (the maker proposes the amount
// the policy's rule computes; another operator confirms), payment batches (bank file, marked paid once) and the ledger.
import { useState } from 'react';
import { Button, Card, Flex, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { canDo } from '../../access.ts';
import type { Ok } from '../../api/contract.ts';
import { subsidyApi } from '../../api/endpoints.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';
import { useAction } from '../../components/useAction.ts';

type Application = Ok<'/api/v1/subsidy-applications', 'get'>['items'][number];
type Batch = Ok<'/api/v1/payment-batches', 'get'>['items'][number];
type State = Application['state'];
const STATES: readonly State[] = ['submitted', 'reviewed', 'approved', 'paid', 'rejected'];

/** A write through the console's one action primitive; on success the lists are reloaded. */
function useRefreshing(onDone: () => void) {
  const action = useAction();
  return async (fn: () => Promise<unknown>) => {
    if ((await action.run(fn)) !== undefined) onDone();
  };
}

function Applications({ jurisdiction, onChanged }: { jurisdiction: string; onChanged(): void }) {
  const { t } = useI18n();
  const user = useUser();
  const list = useListQuery(['state'] as const, { resetOn: jurisdiction });
  const state: State = STATES.find((s) => s === list.filter.state) ?? 'submitted';
  const [reason, setReason] = useState('');
  // Bumped after a review or confirmation: the list is read again.
  const [round, setRound] = useState(0);
  const act = useRefreshing(() => {
    setRound((r) => r + 1);
    onChanged();
  });
  const reviewer = canDo(user.role, 'subsidy.review');
  return (
    <Card title={t('subsidy.applications')} extra={<Segmented value={state} onChange={(v) => list.setFilter({ state: v === 'submitted' ? null : v })} options={STATES.map((s) => ({ value: s, label: t(`subsidy.state.${s}`) }))} />}>
      {reviewer && (state === 'submitted' || state === 'reviewed') && (
        <Input placeholder={t('subsidy.reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ marginBottom: 12, maxWidth: 480 }} />
      )}
      <ListTable<Application, 'state'>
        query={list}
        rowKey="id"
        deps={[jurisdiction, round]}
        // The applications list is not paged on the server: the table pages the whole filter.
        load={(_page, signal) => whole(subsidyApi.list({ jurisdiction, state }, signal))}
        table={{ size: 'small', 'data-testid': 'subsidy-table' }}
        columns={[
            { key: 'no', title: t('subsidy.col.no'), dataIndex: 'applicationNo' },
            { key: 'person', title: t('subsidy.col.person'), render: (_, a) => (a.employer ? `${a.personName}（${a.employer.name}）` : a.personName) },
            { key: 'policy', title: t('subsidy.col.policy'), render: (_, a) => <span>{a.policyName} <Tag color="geekblue">{a.source}</Tag></span> },
            { key: 'period', title: t('subsidy.col.period'), dataIndex: 'periodKey' },
            { key: 'verdict', title: t('policy.conditions'), render: (_, a) => <Typography.Text type={a.verdict === 'qualifies' ? 'success' : 'warning'}>{a.eligibility.text}</Typography.Text>, responsive: ['lg'] },
            { key: 'amount', title: t('subsidy.col.amount'), render: (_, a) => (a.amountYuan === null ? '—' : <span title={a.amountExplanation?.text}>{a.amountYuan}</span>) },
            {
              key: 'actions',
              title: '',
              render: (_, a) =>
                reviewer && a.state === 'submitted' ? (
                  <Space>
                    <Button size="small" type="primary" data-testid="subsidy-approve" onClick={() => void act(() => subsidyApi.review(a.id, { decision: 'approve', ...(reason ? { reason } : {}) }))}>
                      {t('subsidy.review.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => void act(() => subsidyApi.review(a.id, { decision: 'reject', reason: reason || '-' }))}>
                      {t('subsidy.review.reject')}
                    </Button>
                  </Space>
                ) : reviewer && a.state === 'reviewed' ? (
                  <Space>
                    <span>{a.proposal ? `${a.proposal.by}：${t(`subsidy.review.${a.proposal.decision}`)}` : ''}</span>
                    <Button size="small" type="primary" data-testid="subsidy-confirm" onClick={() => void act(() => subsidyApi.confirm(a.id, { agree: true, ...(reason ? { note: reason } : {}) }))}>
                      {t('subsidy.confirm.agree')}
                    </Button>
                    <Button size="small" onClick={() => void act(() => subsidyApi.confirm(a.id, { agree: false, ...(reason ? { note: reason } : {}) }))}>
                      {t('subsidy.confirm.back')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
      />
    </Card>
  );
}

function Batches({ jurisdiction, version }: { jurisdiction: string; version: number }) {
  const { t } = useI18n();
  const [result, retry] = useApi((signal) => subsidyApi.batches({ jurisdiction }, signal), [jurisdiction, version]);
  const [ledger, retryLedger] = useApi((signal) => subsidyApi.ledger({ jurisdiction }, signal), [jurisdiction, version]);
  const act = useRefreshing(() => {
    retry();
    retryLedger();
  });
  return (
    <>
      <Card
        title={t('subsidy.batches')}
        extra={
          <Button data-testid="batch-create" onClick={() => void act(() => subsidyApi.createBatch({ jurisdiction, idempotencyKey: `batch-${jurisdiction}-${crypto.randomUUID()}` }))}>
            {t('subsidy.batch.create')}
          </Button>
        }
      >
        {result.state === 'error' ? (
          <ErrorView error={result.error} onRetry={retry} />
        ) : (
          <Table<Batch>
            rowKey="id"
            size="small"
            data-testid="batch-table"
            loading={result.state === 'loading'}
            dataSource={result.state === 'ready' ? result.data.items : []}
            columns={[
              { key: 'no', title: t('subsidy.batch.no'), dataIndex: 'batchNo' },
              { key: 'count', title: t('subsidy.batch.count'), dataIndex: 'itemCount' },
              { key: 'total', title: t('subsidy.col.amount'), dataIndex: 'totalYuan' },
              { key: 'state', title: t('subsidy.col.state'), render: (_, b) => <Tag color={b.state === 'paid' ? 'green' : 'blue'}>{b.state === 'paid' ? `${t('subsidy.state.paid')} ${b.paidOn ?? ''}` : t('subsidy.batch.exported')}</Tag> },
              {
                key: 'actions',
                title: '',
                render: (_, b) =>
                  b.state === 'exported' ? (
                    <Space>
                      <Button size="small" href={subsidyApi.batchFileUrl(b.id)} data-testid="batch-file">
                        {t('subsidy.batch.file')}
                      </Button>
                      <Button size="small" type="primary" data-testid="batch-paid" onClick={() => void act(() => subsidyApi.markPaid(b.id))}>
                        {t('subsidy.batch.paid')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('subsidy.ledger')}>
        {ledger.state === 'ready' && (
          <Table
            rowKey="applicationNo"
            size="small"
            data-testid="ledger-table"
            dataSource={ledger.data.items}
            footer={() => t('subsidy.ledgerTotal', { total: ledger.data.totalYuan })}
            columns={[
              { key: 'no', title: t('subsidy.col.no'), dataIndex: 'applicationNo' },
              { key: 'person', title: t('subsidy.col.person'), dataIndex: 'personName' },
              { key: 'policy', title: t('subsidy.col.policy'), dataIndex: 'policyId' },
              { key: 'period', title: t('subsidy.col.period'), dataIndex: 'periodKey' },
              { key: 'amount', title: t('subsidy.col.amount'), dataIndex: 'amountYuan' },
              { key: 'batch', title: t('subsidy.batch.no'), render: (_, r) => r.batchNo ?? '—' },
              { key: 'paid', title: t('subsidy.state.paid'), render: (_, r) => r.paidOn ?? '—' },
            ]}
          />
        )}
      </Card>
    </>
  );
}

export function SubsidiesPage() {
  const user = useUser();
  const { current } = useJurisdiction();
  const [version, setVersion] = useState(0);
  return (
    <Flex vertical gap={16}>
      <Applications jurisdiction={current.code} onChanged={() => setVersion((v) => v + 1)} />
      {canDo(user.role, 'subsidy.pay') && <Batches jurisdiction={current.code} version={version} />}
    </Flex>
  );
}
