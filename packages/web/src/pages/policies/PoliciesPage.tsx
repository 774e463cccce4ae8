// 政策清单: the policies in force for the picked jurisdiction, and a policy's page with its conditions, its
// 免申即享 candidates (qualify and not received this period), the xlsx export and the push (点对点推送).
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Space, Table, Tag, Typography } from 'antd';
import { canDo } from '../../access.ts';
import type { Ok } from '../../api/contract.ts';
import { policyApi } from '../../api/endpoints.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { useAction } from '../../components/useAction.ts';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';

export type Policy = Ok<'/api/v1/policies', 'get'>['items'][number];
type Candidate = Ok<'/api/v1/policies/{policyId}/candidates', 'get'>['items'][number];

export function AmountText({ policy }: { policy: Policy }) {
  const { t } = useI18n();
  return (
    <span>
      {policy.amount.text} {policy.amount.status === 'unconfirmed' && <Tag color="orange">{t('policy.unconfirmed')}</Tag>}
    </span>
  );
}

export function PoliciesPage() {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const list = useListQuery([] as const, { resetOn: current.code });
  return (
    <Card title={`${t('policy.catalogue')} · ${current.name}`}>
      <ListTable<Policy, never>
        query={list}
        rowKey="id"
        deps={[current.code]}
        // The catalogue is not paged on the server: the table pages the whole list.
        load={(_page, signal) => whole(policyApi.list({ jurisdiction: current.code }, signal))}
        table={{ 'data-testid': 'policy-table' }}
        columns={[
          { key: 'name', title: t('policy.name'), render: (_, p) => <Link to={`/policies/${encodeURIComponent(p.id)}`}>{p.name}</Link> },
          { key: 'targets', title: t('policy.targetGroups'), render: (_, p) => p.targetGroups.join('、'), responsive: ['md'] },
          { key: 'amount', title: t('policy.amount'), render: (_, p) => <AmountText policy={p} /> },
          { key: 'source', title: t('policy.source'), render: (_, p) => <Tag color="geekblue">{p.source}</Tag> },
          { key: 'from', title: t('policy.effective'), render: (_, p) => `${p.effectiveFrom} — ${p.effectiveTo ?? ''}`, responsive: ['lg'] },
        ]}
      />
    </Card>
  );
}

export function PolicyPage() {
  const { t } = useI18n();
  const action = useAction();
  const user = useUser();
  const { policyId = '' } = useParams();
  const { current } = useJurisdiction();
  const [page, setPage] = useState(1);
  const [pushResult, setPushResult] = useState<string | null>(null);
  const [result, retry] = useApi((signal) => policyApi.candidates(policyId, { jurisdiction: current.code, page, pageSize: 50 }, signal), [policyId, current.code, page]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const { policy, items, total } = result.data;
  const push = async () => {
    const r = await action.run(() => policyApi.push(policyId, { jurisdiction: current.code, channel: 'in_app' }));
    if (r) {
      setPushResult(t('policy.pushDone', { pushed: r.pushed, already: r.alreadyPushed }));
      retry();
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card title={policy.name} extra={<Tag color="geekblue">{policy.source}</Tag>}>
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            { key: 'content', label: t('policy.content'), children: policy.content },
            { key: 'targets', label: t('policy.targetGroups'), children: policy.targetGroups.join('、') },
            { key: 'conditions', label: t('policy.conditions'), children: <Typography.Text code>{policy.conditions}</Typography.Text> },
            { key: 'amount', label: t('policy.amount'), children: <AmountText policy={policy} /> },
            { key: 'materials', label: t('policy.materials'), children: policy.materials.join('、') || '—' },
            { key: 'office', label: t('policy.office'), children: policy.office },
            { key: 'effective', label: t('policy.effective'), children: `${policy.effectiveFrom} — ${policy.effectiveTo ?? ''}（${policy.id}@${policy.version}）` },
          ]}
        />
      </Card>
      <Card
        title={`${t('policy.candidates')} · ${t('common.total', { total })}`}
        extra={
          canDo(user.role, 'policy.push') && (
            <Space>
              <Button href={policyApi.candidatesXlsxUrl(policyId, current.code)} data-testid="policy-export">
                {t('policy.export')}
              </Button>
              <Button type="primary" loading={action.busy} onClick={() => void push()} disabled={total === 0} data-testid="policy-push">
                {t('policy.push')}
              </Button>
            </Space>
          )
        }
      >
        {pushResult && <Alert type="success" showIcon title={pushResult} style={{ marginBottom: 12 }} data-testid="policy-push-result" />}
        <Table<Candidate>
          rowKey="personId"
          size="small"
          data-testid="policy-candidates"
          dataSource={items}
          pagination={{ current: page, pageSize: 50, total, onChange: setPage }}
          columns={[
            { key: 'name', title: t('persons.col.name'), render: (_, c) => <Link to={`/persons/${encodeURIComponent(c.personId)}?tab=policies`}>{c.name}</Link> },
            { key: 'id', title: t('persons.col.idNumber'), dataIndex: 'idNumberMasked' },
            { key: 'why', title: t('policy.conditions'), render: (_, c) => <Typography.Text type="secondary">{c.explanation.text}</Typography.Text>, responsive: ['md'] },
            { key: 'pushed', title: t('policy.pushed'), render: (_, c) => (c.pushed ? <Tag color="green">{t('policy.pushed')}</Tag> : '—') },
          ]}
        />
      </Card>
    </Flex>
  );
}
