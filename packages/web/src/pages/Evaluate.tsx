import { useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Descriptions, Flex, Input, Row, Table, Typography } from 'antd';
import { errorMessage } from '../api/client.ts';
import { evaluate } from '../api/endpoints.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { collectExplanations, decisionSummary, type ExplanationRow } from '../explain.ts';

function exampleCase(jurisdiction: string) {
  const today = new Date();
  // Local calendar dates: toISOString would shift them to UTC (a day earlier in China before 08:00).
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const registered = new Date(today.getFullYear(), today.getMonth() - 7, 15);
  return {
    jurisdiction,
    asOf: iso(today),
    person: {
      sex: 'female',
      birthDate: `${today.getFullYear() - 47}-05-16`,
      employmentStatus: 'unemployed',
      laborCapacity: 'full',
      wantsWork: true,
      intention: 'employment',
      marks: ['zero_employment_family'],
    },
    registration: { kind: 'unemployment', registeredOn: iso(registered), placeBasis: 'residence' },
  };
}

/** What-if: post a case to `/api/v1/evaluate` and show the decision with the clauses it rests on. */
export function EvaluatePage() {
  const { t, language } = useI18n();
  const { current } = useJurisdiction();
  // A worked example in the picked jurisdiction, so the page is useful at once; the fields are those of
  // EvaluateInputSchema in packages/rules (see docs/rules.md).
  const [text, setText] = useState(() => JSON.stringify(exampleCase(current.code), null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [decision, setDecision] = useState<unknown>(undefined);

  const run = async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(t('evaluate.invalidJson', { message: err instanceof Error ? err.message : String(err) }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setDecision(await evaluate.run(body));
    } catch (err) {
      setDecision(undefined);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const explanations = decision === undefined ? [] : collectExplanations(decision);
  const facts = decisionSummary(decision);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('evaluate.title')}>
          <Flex vertical gap={12}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('evaluate.hint')}
            </Typography.Paragraph>
            <Input.TextArea
              aria-label={t('evaluate.case')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 12, maxRows: 30 }}
              style={{ fontFamily: 'monospace' }}
              spellCheck={false}
            />
            <div>
              <Button type="primary" loading={busy} onClick={() => void run()}>
                {t('evaluate.submit')}
              </Button>
            </div>
            {error && <Alert type="error" showIcon title={error} />}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {decision !== undefined && (
          <Flex vertical gap={16}>
            {facts.length > 0 && (
              <Card title={t('evaluate.result')}>
                <Descriptions
                  size="small"
                  bordered
                  column={1}
                  items={facts.map((f) => ({ key: f.key, label: f.key, children: f.value }))}
                />
              </Card>
            )}
            {explanations.length > 0 && (
              <Card title={t('evaluate.explanations')}>
                <Table<ExplanationRow>
                  size="small"
                  rowKey={(r) => `${r.rule}|${r.source}|${r.text}`}
                  pagination={false}
                  dataSource={explanations}
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { key: 'rule', title: t('evaluate.rule'), render: (_, r) => <Typography.Text code>{r.rule}</Typography.Text> },
                    { key: 'source', title: t('evaluate.source'), dataIndex: 'source' },
                    {
                      key: 'text',
                      title: t('evaluate.text'),
                      render: (_, r) => (language === 'en-US' && r.textEn ? r.textEn : r.text),
                    },
                    { key: 'pack', title: t('evaluate.pack'), render: (_, r) => r.pack ?? '—' },
                    {
                      key: 'numbers',
                      title: t('evaluate.numbers'),
                      render: (_, r) =>
                        r.numbers
                          ? Object.entries(r.numbers)
                              .map(([k, v]) => `${k}=${String(v)}`)
                              .join(', ')
                          : '—',
                    },
                  ]}
                />
              </Card>
            )}
            {/* The whole answer can run to hundreds of lines; it is there for checking, folded by default. */}
            <Collapse
              items={[
                {
                  key: 'raw',
                  label: t('evaluate.raw'),
                  children: (
                    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="evaluate-result">
                      {JSON.stringify(decision, null, 2)}
                    </pre>
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </Col>
    </Row>
  );
}
