import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { DifficultyCategory, DifficultyEvaluation } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { TriTag, factName, useExplain } from './shared.tsx';

/** The rules package's answer: which difficulty categories the facts meet, which facts are missing, and the clauses. */
export function EvaluationView({ evaluation }: { evaluation: DifficultyEvaluation }) {
  const { t, label, language } = useI18n();
  const explain = useExplain();
  const fact = (f: string) => label('assistFact', factName(f));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="evaluation">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('assist.eligibleCol')}>
          <TriTag value={evaluation.eligible} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assist.registeredUnemployed')}>
          <TriTag value={evaluation.registeredUnemployed} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assist.pack')}>
          {evaluation.pack} · {evaluation.asOf}
        </Descriptions.Item>
      </Descriptions>
      <Table<DifficultyCategory>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={evaluation.categories}
        columns={[
          { key: 'name', title: t('assist.category'), render: (_, c) => (language === 'en-US' ? c.nameEn : c.nameZh) },
          { key: 'met', title: t('assist.met'), render: (_, c) => <TriTag value={c.met} /> },
          { key: 'missing', title: t('assist.missingFacts'), render: (_, c) => (c.missingFacts.length ? c.missingFacts.map((f) => <Tag key={f} color="orange">{fact(f)}</Tag>) : '—') },
          { key: 'source', title: t('assist.clause'), render: (_, c) => <Typography.Text type="secondary">{c.source}</Typography.Text> },
        ]}
      />
      {evaluation.missingFacts.length > 0 && (
        <Typography.Text type="warning" data-testid="missing-facts">
          {t('assist.missing', { facts: evaluation.missingFacts.map(fact).join('、') })}
        </Typography.Text>
      )}
      {evaluation.explanations.length > 0 && (
        <details>
          <summary>{t('assist.explanations')}</summary>
          <ul style={{ margin: 0 }}>
            {evaluation.explanations.map((e, i) => (
              <li key={i}>
                {explain(e)} <Typography.Text type="secondary">{e.source}</Typography.Text>
              </li>
            ))}
          </ul>
        </details>
      )}
    </Space>
  );
}
