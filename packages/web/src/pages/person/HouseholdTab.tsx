import { Link } from 'react-router-dom';
import { Alert, Descriptions, Empty, Flex, Table, Tag, Typography } from 'antd';
import { households } from '../../api/endpoints.ts';
import type { Explanation, HouseholdMember, HouseholdPeriod, Tri } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatTime } from '../../lib/dates.ts';

/** An explanation's text in the UI language, with the clause it rests on. */
export function ExplanationList({ items }: { items: Explanation[] }) {
  const { language } = useI18n();
  if (items.length === 0) return null;
  return (
    <Flex vertical gap={4}>
      {items.map((e, i) => (
        <Typography.Text key={`${e.rule}-${i}`}>
          {language === 'en-US' && e.textEn ? e.textEn : e.text}{' '}
          <Tag color="geekblue" data-testid="clause">
            {e.source}
          </Tag>
        </Typography.Text>
      ))}
    </Flex>
  );
}

function actorName(actor: unknown): string {
  if (typeof actor === 'object' && actor !== null) {
    const a = actor as { name?: unknown; displayName?: unknown; username?: unknown };
    for (const v of [a.name, a.displayName, a.username]) if (typeof v === 'string' && v) return v;
  }
  return typeof actor === 'string' && actor ? actor : '—';
}

/** The person's household: members with working-age and employment status, and the derived zero-employment status. */
export function HouseholdTab({ householdId, relationship }: { householdId: string | null; relationship: string | null }) {
  const { t, label, language } = useI18n();
  const [result, retry] = useApi((signal) => (householdId ? households.get(householdId, signal) : Promise.resolve(null)), [householdId]);
  if (!householdId) return <Empty description={t('household.none')} />;
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const h = result.data;
  if (!h) return <Empty description={t('household.none')} />;
  const tri = (v: Tri) => (v === 'unknown' ? t('common.unknown') : v ? t('common.yes') : t('common.no'));
  const ze = h.zeroEmployment;

  return (
    <Flex vertical gap={16}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'address', label: t('person.address'), children: h.address ?? '—' },
          { key: 'jurisdiction', label: t('persons.col.jurisdiction'), children: h.jurisdiction.name },
          { key: 'urban', label: t('household.urban'), children: h.urban ? t('household.urban.yes') : t('household.urban.no') },
          { key: 'relationship', label: t('person.relationship'), children: relationship ? label('relationship', relationship) : '—' },
        ]}
      />
      <Alert
        type={ze.status === true ? 'warning' : ze.status === false ? 'success' : 'info'}
        showIcon
        data-testid="zero-employment"
        title={
          ze.status === true
            ? t('household.zero.yes', { since: ze.since ? formatTime(ze.since, language) : '—' })
            : ze.status === false
              ? t('household.zero.no')
              : t('household.zero.unknown')
        }
        description={
          <Flex vertical gap={4}>
            <ExplanationList items={ze.explanations} />
            {ze.missingFacts.length > 0 && (
              <Typography.Text type="secondary">{t('household.missingFacts', { facts: ze.missingFacts.join('、') })}</Typography.Text>
            )}
          </Flex>
        }
      />
      <Table<HouseholdMember>
        size="small"
        rowKey="personId"
        pagination={false}
        dataSource={h.members}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('persons.col.name'), render: (_, m) => <Link to={`/persons/${encodeURIComponent(m.personId)}`}>{m.name}</Link> },
          { key: 'relationship', title: t('person.relationship'), render: (_, m) => (m.relationship ? label('relationship', m.relationship) : '—') },
          { key: 'age', title: t('household.age'), render: (_, m) => m.ageYears },
          { key: 'workingAge', title: t('household.workingAge'), render: (_, m) => tri(m.workingAge) },
          { key: 'status', title: t('person.employmentStatus'), render: (_, m) => label('employmentStatus', m.employmentStatus) },
          {
            key: 'registered',
            title: t('household.registeredUnemployed'),
            render: (_, m) => (m.registeredUnemployed ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no')),
          },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('household.periods')}
      </Typography.Title>
      <Table<HouseholdPeriod>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={h.periods}
        locale={{ emptyText: t('household.periods.none') }}
        columns={[
          { key: 'startedAt', title: t('household.period.start'), render: (_, p) => formatTime(p.startedAt, language) },
          { key: 'startedBy', title: t('household.period.by'), render: (_, p) => actorName(p.startedBy) },
          { key: 'endedAt', title: t('household.period.end'), render: (_, p) => (p.endedAt ? formatTime(p.endedAt, language) : t('household.period.open')) },
          { key: 'endedBy', title: t('household.period.by'), render: (_, p) => (p.endedAt ? actorName(p.endedBy) : '—') },
        ]}
      />
    </Flex>
  );
}
