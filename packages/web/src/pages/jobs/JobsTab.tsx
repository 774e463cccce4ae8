// The person file's "jobs" tab: the best postings with their reasons (top 3 by default), recommending the chosen
// ones (each a job_recommendation service the obligations count), the results of earlier recommendations, and the
// job-seeking preferences the matching reads.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, InputNumber, List, Select, Space, Table, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { jobMatching, postings, type PreferencesInput, type Recommendation } from '../../api/jobs.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { Factors, Score, StateTag, StepButtons, pay } from './shared.tsx';

function OccupationSelect({ value, onChange, known }: { value?: string[]; onChange?: (v: string[]) => void; known: readonly { code: string; name: string }[] }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>(known.map((o) => ({ value: o.code, label: `${o.name} ${o.code}` })));
  return (
    <Select
      mode="multiple"
      value={value ?? []}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: (q) => void postings.occupations({ q }).then((r) => setOptions(r.items.filter((o) => o.level === 4).map((o) => ({ value: o.code, label: `${o.name} ${o.code}` })))) }}
      options={options}
      maxCount={5}
      data-testid="pref-occupations"
    />
  );
}

function PreferencesCard({ personId, writable, onSaved }: { personId: string; writable: boolean; onSaved(): void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [result] = useApi((signal) => jobMatching.preferences(personId, signal), [personId]);
  const [form] = Form.useForm<PreferencesInput>();
  if (result.state !== 'ready') return null;
  const p = result.data;
  return (
    <Card size="small" title={t('jobs.preferences')}>
      <Form
        form={form}
        layout="inline"
        disabled={!writable}
        initialValues={{ occupationCodes: p.occupations.map((o) => o.code), payMin: p.payMin, hours: p.hours, experienceYears: p.experienceYears }}
        onFinish={async (v) => {
          try {
            await jobMatching.savePreferences(personId, { occupationCodes: v.occupationCodes ?? [], payMin: v.payMin ?? null, hours: v.hours ?? [], experienceYears: v.experienceYears ?? null, pastOccupationCodes: p.pastOccupationCodes });
            void message.success(t('common.saved'));
            onSaved();
          } catch (err) {
            void message.error(errorMessage(err));
          }
        }}
      >
        <Form.Item name="occupationCodes" label={t('jobs.pref.occupations')} style={{ minWidth: 320 }}>
          <OccupationSelect known={p.occupations} />
        </Form.Item>
        <Form.Item name="payMin" label={t('jobs.pref.payMin')}>
          <InputNumber min={0} max={1000000} precision={0} />
        </Form.Item>
        <Form.Item name="hours" label={t('jobs.pref.hours')}>
          <Select mode="multiple" style={{ minWidth: 160 }} options={(['full_time', 'part_time', 'flexible'] as const).map((h) => ({ value: h, label: label('hours', h) }))} />
        </Form.Item>
        <Form.Item name="experienceYears" label={t('jobs.pref.experience')}>
          <InputNumber min={0} max={60} precision={0} />
        </Form.Item>
        {writable && (
          <Button htmlType="submit" data-testid="pref-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

export function JobsTab({ personId, writable }: { personId: string; writable: boolean }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [limit, setLimit] = useState(3);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [matches, reloadMatches] = useApi((signal) => jobMatching.matches(personId, limit, signal), [personId, limit]);
  const [recs, reloadRecs] = useApi((signal) => jobMatching.recommendations(personId, signal), [personId]);
  const [moved, setMoved] = useState<Record<string, Recommendation>>({});

  async function recommend() {
    setBusy(true);
    try {
      const r = await jobMatching.recommend(personId, chosen);
      void message.success(t('jobs.recommended', { count: r.items.length, delivered: r.obligation?.delivered ?? r.items.length, required: r.obligation?.required ?? '—' }));
      setChosen([]);
      reloadMatches();
      reloadRecs();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={12} data-testid="jobs-tab">
      <Card
        size="small"
        title={t('jobs.best')}
        extra={
          <Space>
            <Button size="small" onClick={() => setLimit(limit === 3 ? 10 : 3)}>
              {limit === 3 ? t('jobs.showTen') : t('jobs.showThree')}
            </Button>
            {writable && (
              <Button type="primary" size="small" disabled={chosen.length === 0} loading={busy} onClick={() => void recommend()} data-testid="jobs-recommend">
                {t('jobs.recommend', { count: chosen.length })}
              </Button>
            )}
          </Space>
        }
      >
        {matches.state === 'error' ? (
          <ErrorView error={matches.error} onRetry={reloadMatches} />
        ) : matches.state === 'loading' ? (
          <List loading />
        ) : matches.data.items.length === 0 ? (
          <Empty description={t('jobs.noMatches')} />
        ) : (
          <>
            <List
              dataSource={matches.data.items}
              renderItem={(m) => (
                <List.Item data-testid="job-match" extra={<Score score={m.score} />}>
                  <Flex gap={8} align="start">
                    {writable && <Checkbox disabled={m.recommended} checked={chosen.includes(m.posting.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, m.posting.id] : chosen.filter((x) => x !== m.posting.id))} data-testid="job-match-pick" />}
                    <Flex vertical gap={4}>
                      <Typography.Text strong>
                        <Link to={`/postings/${encodeURIComponent(m.posting.id)}`}>{m.posting.title}</Link> · {m.posting.employerName} · {pay(m.posting.payMin, m.posting.payMax)} {t('jobs.yuanMonth')}
                        {m.recommended && <Typography.Text type="secondary"> （{t('jobs.alreadyRecommended')}）</Typography.Text>}
                      </Typography.Text>
                      <Factors factors={m.factors} compact />
                    </Flex>
                  </Flex>
                </List.Item>
              )}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {matches.data.explanations.map((e) => `${language === 'en-US' ? e.textEn : e.text}（${e.source}，${e.pack}）`).join('；')}
            </Typography.Text>
          </>
        )}
      </Card>
      <Card size="small" title={t('jobs.recommendations')}>
        {recs.state === 'error' ? (
          <ErrorView error={recs.error} onRetry={reloadRecs} />
        ) : (
          <Table<Recommendation>
            rowKey="id"
            size="small"
            loading={recs.state === 'loading'}
            dataSource={recs.state === 'ready' ? recs.data.items.map((r) => moved[r.id] ?? r) : []}
            pagination={false}
            columns={[
              { key: 'posting', title: t('jobs.posting'), render: (_, r) => `${r.posting.title} · ${r.posting.employerName}` },
              { key: 'state', title: t('jobs.state'), render: (_, r) => <StateTag state={r.state} /> },
              { key: 'reason', title: t('jobs.reason'), render: (_, r) => r.reason ?? '' },
              { key: 'at', title: t('jobs.recommendedOn'), render: (_, r) => r.createdAt.slice(0, 10) },
              { key: 'next', title: '', render: (_, r) => (writable ? <StepButtons rec={r} onMoved={(x) => setMoved({ ...moved, [x.id]: x })} /> : null) },
            ]}
          />
        )}
      </Card>
      <PreferencesCard personId={personId} writable={writable} onSaved={reloadMatches} />
      {matches.state === 'ready' && matches.data.considered === 0 && <Alert type="info" showIcon title={t('jobs.noPostings')} />}
    </Flex>
  );
}
