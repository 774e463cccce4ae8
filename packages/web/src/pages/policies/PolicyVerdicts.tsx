// A person's policies grouped as the rules package answers: qualifies, nearly (the missing facts named) and not
// (why), each citing its clause; with an "apply" action where the caller may apply (person file tab, citizen portal).
import { useState } from 'react';
import { Button, Card, Collapse, Empty, Flex, InputNumber, Space, Tag, Typography } from 'antd';
import type { Ok } from '../../api/contract.ts';
import { policyApi, subsidyApi } from '../../api/endpoints.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { useAction } from '../../components/useAction.ts';
import { AmountText } from './PoliciesPage.tsx';

type Verdicts = Ok<'/api/v1/me/policies', 'get'>;
const STATES = ['submitted', 'reviewed', 'approved', 'rejected', 'paid'] as const;

function stateLabel(t: ReturnType<typeof useI18n>['t'], state: string): string {
  const known = STATES.find((s) => s === state);
  return known ? t(`subsidy.state.${known}`) : state;
}
type Verdict = Verdicts['qualifies'][number];

function VerdictCard({ v, onApply }: { v: Verdict; onApply: ((v: Verdict, yuan: number | null, months: number | null) => Promise<void>) | undefined }) {
  const { t, language } = useI18n();
  const [yuan, setYuan] = useState<number | null>(null);
  const [months, setMonths] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const canApply = onApply && v.verdict !== 'not' && !v.received && v.policy.beneficiary === 'person';
  return (
    <Card size="small" title={v.policy.name} extra={<Tag color="geekblue">{v.policy.source}</Tag>} data-testid={`policy-verdict-${v.policy.id}`}>
      <Flex vertical gap={6}>
        <Typography.Text>{language === 'en-US' ? (v.explanation.textEn ?? v.explanation.text) : v.explanation.text}</Typography.Text>
        {v.missingFacts.length > 0 && <Typography.Text type="warning">{t('policy.missing', { fields: v.missingFacts.join('、') })}</Typography.Text>}
        <Typography.Text type="secondary">
          {t('policy.amount')}：<AmountText policy={v.policy} /> · {t('policy.office')}：{v.policy.office}
        </Typography.Text>
        {v.received && <Tag color="green">{t('policy.received', { no: v.received.applicationNo, state: stateLabel(t, v.received.state) })}</Tag>}
        {v.pushedOn && <Tag>{t('policy.pushedOn', { on: v.pushedOn })}</Tag>}
        {canApply && (
          <Space wrap>
            {v.policy.amount.kind === 'per_month' && <InputNumber min={1} max={v.policy.amount.maxMonths ?? 120} precision={0} placeholder={t('subsidy.months')} value={months} onChange={setMonths} />}
            {(v.policy.amount.kind === 'up_to' || v.policy.amount.kind === 'set_by_office') && <InputNumber min={0.01} placeholder={t('subsidy.claim')} value={yuan} onChange={setYuan} data-testid="policy-claim" />}
            <Button
              type="primary"
              loading={busy}
              data-testid={`policy-apply-${v.policy.id}`}
              onClick={async () => {
                setBusy(true);
                try {
                  await onApply(v, yuan, months);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('policy.apply')}
            </Button>
          </Space>
        )}
      </Flex>
    </Card>
  );
}

export function PolicyVerdicts({ personId, mine = false, canApply = false }: { personId?: string; mine?: boolean; canApply?: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const [result, retry] = useApi((signal) => (mine ? policyApi.mine(signal) : policyApi.forPerson(personId ?? '', signal)), [personId, mine]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const d = result.data;
  const apply = canApply
    ? async (v: Verdict, yuan: number | null, months: number | null) => {
        const claim = { ...(yuan !== null ? { yuan } : {}), ...(months !== null ? { months } : {}) };
        const r = await action.run(
          () => (mine ? subsidyApi.applyMine({ policyId: v.policy.id, claim, attachmentIds: [] }) : subsidyApi.apply({ policyId: v.policy.id, personId: d.personId, channel: 'caseworker', claim, attachmentIds: [] })),
          { success: (a) => t('policy.applyDone', { no: a.applicationNo }) },
        );
        if (r) retry();
      }
    : undefined;
  const group = (list: Verdict[]) => (list.length ? <Flex vertical gap={8}>{list.map((v) => <VerdictCard key={v.policy.id} v={v} onApply={apply} />)}</Flex> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />);
  return (
    <Collapse
      defaultActiveKey={['qualifies', 'nearly']}
      data-testid="policy-verdicts"
      items={[
        { key: 'qualifies', label: `${t('policy.qualifies')}（${d.qualifies.length}）`, children: group(d.qualifies) },
        { key: 'nearly', label: `${t('policy.nearly')}（${d.nearly.length}）`, children: group(d.nearly) },
        { key: 'not', label: `${t('policy.not')}（${d.not.length}）`, children: group(d.not) },
      ]}
    />
  );
}
