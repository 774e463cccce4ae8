// 推荐给我的岗位: the postings a caseworker recommended, their state, and "interested" / "not interested (why)".
import { useState } from 'react';
import { Card, Empty, Flex, List, Typography } from 'antd';
import { jobMatching, type Recommendation } from '../api/jobs.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';
import { StateTag, StepButtons, pay } from '../pages/jobs/shared.tsx';

export function CitizenJobsPage() {
  const { t } = useI18n();
  const [result, retry] = useApi((signal) => jobMatching.mine(signal), []);
  const [moved, setMoved] = useState<Record<string, Recommendation>>({});
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const items = result.data.items.map((r) => moved[r.id] ?? r);
  return (
    <Card size="small" title={t('citizen.jobs')} data-testid="citizen-jobs">
      {items.length === 0 ? (
        <Empty description={t('citizen.noJobs')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(r) => (
            <List.Item data-testid="citizen-job">
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Typography.Text strong>{r.posting.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {r.posting.employerName} · {pay(r.posting.payMin, r.posting.payMax)} {t('jobs.yuanMonth')}
                </Typography.Text>
                <Flex justify="space-between" align="center" wrap gap={8}>
                  <StateTag state={r.state} />
                  <StepButtons rec={r} onMoved={(x) => setMoved({ ...moved, [x.id]: x })} />
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
