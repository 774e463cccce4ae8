// One posting: its details, the review and state actions the role may take, the best registrants of its county
// (staff), and the recommendations of it — for an employer those referred to it, names masked, with the result steps.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Flex, Input, List, Space, Table, Tag, Typography } from 'antd';
import { canDo } from '../../access.ts';
import { errorMessage } from '../../api/client.ts';
import { postings, type Posting, type PostingAction, type Recommendation } from '../../api/jobs.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { Factors, Score, StateTag, StepButtons, pay } from './shared.tsx';

const ACTIONS_FROM: Record<PostingAction, readonly Posting['state'][]> = {
  submit: ['draft'],
  approve: ['draft', 'in_review'],
  reject: ['in_review'],
  withdraw: ['draft', 'in_review', 'published'],
  fill: ['published'],
  expire: ['published'],
};

function Actions({ posting, onChanged }: { posting: Posting; onChanged(p: Posting): void }) {
  const { t, label } = useI18n();
  const user = useUser();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  if (!canDo(user.role, 'job.write')) return null;
  const allowed = (Object.keys(ACTIONS_FROM) as PostingAction[]).filter((a) => ACTIONS_FROM[a].includes(posting.state) && ((a !== 'approve' && a !== 'reject') || canDo(user.role, 'job.review')));
  if (allowed.length === 0) return null;
  return (
    <Space wrap>
      {allowed.includes('reject') && <Input placeholder={t('jobs.reason')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 200 }} />}
      {allowed.map((a) => (
        <Button
          key={a}
          type={a === 'approve' || a === 'submit' ? 'primary' : 'default'}
          danger={a === 'withdraw' || a === 'reject'}
          data-testid={`posting-${a}`}
          onClick={async () => {
            try {
              onChanged(await postings.act(posting.id, a, note.trim() || undefined));
            } catch (err) {
              void message.error(errorMessage(err));
            }
          }}
        >
          {label('postingAction', a)}
        </Button>
      ))}
    </Space>
  );
}

function Candidates({ id }: { id: string }) {
  const { t } = useI18n();
  const [result, retry] = useApi((signal) => postings.candidates(id, 20, signal), [id]);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <List
      loading={result.state === 'loading'}
      dataSource={result.state === 'ready' ? result.data.items : []}
      locale={{ emptyText: t('jobs.noCandidates') }}
      renderItem={(c) => (
        <List.Item extra={<Score score={c.score} />}>
          <Flex vertical gap={4}>
            <Typography.Text strong>
              {c.name} <Typography.Text type="secondary">{c.idNumberMasked}</Typography.Text>
            </Typography.Text>
            <Factors factors={c.factors} compact />
          </Flex>
        </List.Item>
      )}
    />
  );
}

export function PostingPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const user = useUser();
  const [result, retry] = useApi((signal) => postings.get(id, signal), [id]);
  const [recs, retryRecs] = useApi((signal) => postings.recommendations(id, signal), [id]);
  const [changed, setChanged] = useState<Posting | null>(null);
  const [moved, setMoved] = useState<Record<string, Recommendation>>({});
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const p = changed ?? result.data;
  return (
    <Flex vertical gap={12}>
      <Card title={`${p.title} · ${p.employerName}`} extra={<Actions posting={p} onChanged={setChanged} />}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'state', label: t('jobs.state'), children: <Tag data-testid="posting-state">{label('postingState', p.state)}</Tag> },
            { key: 'occupation', label: t('posting.occupation'), children: `${p.occupationName ?? '—'} ${p.occupationCode ?? ''}` },
            { key: 'pay', label: t('posting.pay'), children: `${pay(p.payMin, p.payMax)} ${t('jobs.yuanMonth')}` },
            { key: 'hours', label: t('posting.hours'), children: label('hours', p.hours) },
            { key: 'openings', label: t('posting.filled'), children: `${p.filled} / ${p.openings}` },
            { key: 'place', label: t('posting.address'), children: `${p.address ?? ''}（${p.jurisdictionCode}）` },
            { key: 'valid', label: t('posting.validTo'), children: `${p.validFrom ?? '—'} ~ ${p.validTo ?? '—'}` },
            { key: 'flags', label: t('posting.flags'), children: (['ageFriendly', 'disabilitySuitable', 'gig', 'internship'] as const).filter((k) => p[k]).map((k) => <Tag key={k}>{t(`posting.flag.${k}`)}</Tag>) },
            { key: 'skills', label: t('posting.skills'), children: p.skills.join('、') || '—' },
            { key: 'review', label: t('posting.review'), children: p.review ? `${label('reviewDecision', p.review.decision)} · ${p.review.by} · ${p.review.at.slice(0, 10)}${p.review.note ? ` · ${p.review.note}` : ''}` : '—' },
            { key: 'description', label: t('posting.description'), span: 2, children: p.description || '—' },
          ]}
        />
      </Card>
      {canDo(user.role, 'job.match') && p.state === 'published' && (
        <Card size="small" title={t('jobs.candidates')}>
          <Candidates id={p.id} />
        </Card>
      )}
      <Card size="small" title={user.role === 'employer' ? t('jobs.referrals') : t('jobs.recommendations')}>
        {recs.state === 'error' ? (
          <ErrorView error={recs.error} onRetry={retryRecs} />
        ) : (
          <Table<Recommendation>
            rowKey="id"
            size="small"
            pagination={false}
            loading={recs.state === 'loading'}
            dataSource={recs.state === 'ready' ? recs.data.items.map((r) => moved[r.id] ?? r) : []}
            columns={[
              { key: 'person', title: t('persons.col.name'), dataIndex: 'personName' },
              { key: 'state', title: t('jobs.state'), render: (_, r) => <StateTag state={r.state} /> },
              { key: 'reason', title: t('jobs.reason'), render: (_, r) => r.reason ?? '' },
              { key: 'next', title: '', render: (_, r) => (canDo(user.role, 'job.result') ? <StepButtons rec={r} onMoved={(x) => setMoved({ ...moved, [x.id]: x })} /> : null) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
