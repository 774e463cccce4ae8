import { Breadcrumb, Card, Col, Descriptions, Empty, Flex, Row, Statistic, Table, Typography } from 'antd';
import { dashboard, jurisdictions } from '../api/endpoints.ts';
import type { DashboardCounts } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import type { MessageKey } from '../locales/index.ts';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { useUser } from '../state/session.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';

const COUNTS: { key: keyof DashboardCounts; label: MessageKey }[] = [
  { key: 'persons', label: 'home.count.persons' },
  { key: 'households', label: 'home.count.households' },
  { key: 'activeRegistrations', label: 'home.count.activeRegistrations' },
  { key: 'offices', label: 'home.count.offices' },
  { key: 'users', label: 'home.count.users' },
];

/** Home: the picked jurisdiction (name, level, path) and its dashboard counts and priority-group breakdown. */
export function HomePage() {
  const user = useUser();
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const [result, retry] = useApi(
    async (signal) => {
      const [where, board] = await Promise.all([
        jurisdictions.get(current.code, signal),
        dashboard.get(current.code, signal),
      ]);
      return { where, board };
    },
    [current.code],
  );

  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const { where, board } = result.data;
  const marks = Object.entries(board.marks)
    .map(([mark, count]) => ({ mark, count }))
    .sort((a, b) => b.count - a.count);
  const path = where.path.length > 0 ? where.path : [where];

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('home.welcome', { name: user.displayName })}</Typography.Text>
      <Card>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 3 }}
          items={[
            {
              key: 'name',
              label: t('home.jurisdiction'),
              children: (
                <Typography.Text strong data-testid="home-jurisdiction">
                  {where.name}
                </Typography.Text>
              ),
            },
            { key: 'level', label: t('home.level'), children: label('level', where.level) },
            {
              key: 'path',
              label: t('home.path'),
              children: <Breadcrumb items={path.map((j) => ({ key: j.code, title: j.name }))} />,
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {COUNTS.map((c) => (
          <Col key={c.key} xs={12} sm={12} md={8} lg={6} xl={4}>
            <Card data-testid={`count-${c.key}`}>
              <Statistic title={t(c.label)} value={board.counts[c.key]} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('home.marks')}>
        {marks.length === 0 ? (
          <Empty description={t('home.marks.empty')} />
        ) : (
          <Table
            size="small"
            rowKey="mark"
            pagination={false}
            dataSource={marks}
            columns={[
              { key: 'mark', title: t('persons.col.marks'), render: (_, r) => label('mark', r.mark) },
              { key: 'count', title: t('home.count.persons'), dataIndex: 'count', align: 'right' },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
