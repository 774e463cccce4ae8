import { useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { canDo } from '../../access.ts';
import { assistance } from '../../api/endpoints.ts';
import type { ZeroEmploymentFamily } from '../../api/types.ts';
import { errorMessage } from '../../api/client.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';

/** 零就业家庭动态清零: the live count of uncleared families, each family's age in days, confirmation and assistance. */
export function ZeroEmploymentPage() {
  const { t } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  const [result, retry] = useApi((signal) => assistance.zeroEmployment(current.code, signal), [current.code]);
  const [error, setError] = useState<string | null>(null);
  const [measure, setMeasure] = useState<Record<string, string>>({});
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const live = result.data;
  const writable = canDo(user.role, 'assistance.apply');
  const act = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      retry();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Card title={t('zero.title')}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('zero.uncleared')} value={live.uncleared} valueStyle={{ color: live.uncleared > 0 ? '#cf1322' : '#3f8600' }} data-testid="zero-uncleared" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('zero.confirmed')} value={live.confirmed} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('zero.assistanceOverdue')} value={live.assistanceOverdue} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('assist.asOf', { date: '' })} value={live.asOf} />
        </Col>
      </Row>
      {live.byJurisdiction.length > 0 && (
        <Space wrap style={{ marginBottom: 16 }}>
          {live.byJurisdiction.map((j) => (
            <Tag key={j.code}>{j.name}：{j.count}</Tag>
          ))}
        </Space>
      )}
      {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ marginBottom: 16 }} />}
      <Table<ZeroEmploymentFamily>
        rowKey="periodId"
        size="middle"
        dataSource={live.items}
        pagination={{ pageSize: 50 }}
        columns={[
          { key: 'j', title: t('persons.col.jurisdiction'), render: (_, f) => f.jurisdiction.name },
          { key: 'addr', title: t('zero.address'), render: (_, f) => f.address ?? '—' },
          { key: 'members', title: t('zero.members'), dataIndex: 'members' },
          { key: 'since', title: t('zero.since'), dataIndex: 'since' },
          { key: 'age', title: t('zero.ageDays'), render: (_, f) => <Typography.Text strong>{f.ageDays}</Typography.Text>, sorter: (a, b) => a.ageDays - b.ageDays, defaultSortOrder: 'descend' },
          {
            key: 'state',
            title: t('assist.state'),
            render: (_, f) =>
              !f.confirmed ? (
                <Tag color="orange">{t('zero.detected')}</Tag>
              ) : f.assistanceDoneOn ? (
                <Tag color="green">{t('zero.assisted', { date: f.assistanceDoneOn })}</Tag>
              ) : (
                <Tag color={f.assistanceOverdue ? 'red' : 'blue'}>{t('zero.assistanceDue', { date: f.assistanceDue ?? '—' })}</Tag>
              ),
          },
          ...(writable
            ? [
                {
                  key: 'act',
                  title: '',
                  render: (_: unknown, f: ZeroEmploymentFamily) =>
                    !f.confirmed ? (
                      <Button size="small" onClick={() => void act(() => assistance.confirmZero(f.householdId))}>{t('zero.confirm')}</Button>
                    ) : f.assistanceDoneOn ? null : (
                      <Space.Compact>
                        <Input size="small" placeholder={t('zero.measure')} value={measure[f.householdId] ?? ''} onChange={(e) => setMeasure((m) => ({ ...m, [f.householdId]: e.target.value }))} />
                        <Button size="small" disabled={!measure[f.householdId]?.trim()} onClick={() => void act(() => assistance.assistZero(f.householdId, { measure: measure[f.householdId]!.trim() }))}>
                          {t('zero.recordAssistance')}
                        </Button>
                      </Space.Compact>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
