import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { canDo } from '../../access.ts';
import { posts } from '../../api/endpoints.ts';
import type { ComplaintChannel, ListedPlacement, PostCandidate, PostComplaint, PostExitReason, PostPlacement, WelfarePostDetail } from '../../api/types.ts';
import { errorMessage } from '../../api/client.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { DecisionView, TriTag } from '../assistance/shared.tsx';

const EXIT_REASONS: readonly PostExitReason[] = ['term_ended', 'employed_elsewhere', 'resigned', 'dismissed', 'retired', 'deceased', 'placed_in_breach'];
const CHANNELS = ['phone', 'letter', 'online', 'visit', 'hotline_12333'] as const;

function Reasons({ zh, en }: { zh: string[]; en: string[] }) {
  const { language } = useI18n();
  const list = language === 'en-US' && en.length ? en : zh;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="reasons">
      {list.map((r, i) => (
        <li key={i}>{r}</li>
      ))}
    </ul>
  );
}

/** The placement form: the term is computed and checked by the server (≤ 3 years, or to retirement when < 5 years away). */
function PlaceDialog({ post, candidate, onClose, onPlaced }: { post: WelfarePostDetail; candidate: PostCandidate | null; onClose(): void; onPlaced(p: PostPlacement): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ startOn?: Dayjs | null; termEnds?: Dayjs | null; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!candidate) return null;
  return (
    <Modal
      open
      title={t('post.placeTitle', { name: candidate.name })}
      onCancel={onClose}
      okText={t('post.place')}
      okButtonProps={{ loading: busy, id: 'place-submit' }}
      onOk={() => {
        const v = form.getFieldsValue();
        setError(null);
        setBusy(true);
        posts
          .place(post.id, {
            personId: candidate.personId,
            ...(v.startOn ? { startOn: v.startOn.format('YYYY-MM-DD') } : {}),
            ...(v.termEnds ? { termEnds: v.termEnds.format('YYYY-MM-DD') } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          })
          .then(onPlaced, (err: unknown) => {
            const rest = showFieldErrors(form, err, ['startOn', 'termEnds', 'note']);
            setError(rest.length ? rest.join('；') : errorMessage(err));
          })
          .finally(() => setBusy(false));
      }}
    >
      <Typography.Paragraph type="secondary">
        {candidate.termEnds ? t('post.allowedEnd', { date: candidate.termEnds }) : t('post.termRule')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="startOn" label={t('post.startOn')} extra={t('post.startDefault')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="termEnds" label={t('post.termEnds')} extra={t('post.termDefault')}>
          <DatePicker data-testid="place-term" />
        </Form.Item>
        <Form.Item name="note" label={t('assist.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="place-error" />}
    </Modal>
  );
}

const CANDIDATE_PAGE = 20;

/** The post's whole candidate pool ranked by the server (pack priority), one page at a time with the total. */
function Candidates({ post, onPlaced }: { post: WelfarePostDetail; onPlaced(p: PostPlacement): void }) {
  const { t, label } = useI18n();
  const user = useUser();
  const [page, setPage] = useState(1);
  const [result, retry] = useApi((signal) => posts.candidates(post.id, { page, pageSize: CANDIDATE_PAGE }, signal), [post.id, post.filled, page]);
  const [placing, setPlacing] = useState<PostCandidate | null>(null);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const data = result.state === 'ready' ? result.data : null;
  const canPlace = canDo(user.role, 'post.place') && post.status === 'open' && post.free > 0;
  return (
    <>
      <Typography.Paragraph type="secondary">
        {data ? t('post.rankedBy', { pack: data.pack, date: data.asOf, clause: data.explanations[0]?.source ?? '' }) : '…'}
      </Typography.Paragraph>
      {data && (
        <Typography.Paragraph type="secondary" data-testid="candidates-total">
          {t('post.candidatesTotal', { total: data.total, eligible: data.counts.eligible, unknown: data.counts.unknown, ineligible: data.counts.ineligible })}
        </Typography.Paragraph>
      )}
      <Table<PostCandidate>
        rowKey="personId"
        size="small"
        loading={result.state === 'loading'}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: CANDIDATE_PAGE, total: data?.total ?? 0, showSizeChanger: false, showTotal: (total) => t('common.total', { total }), onChange: setPage }}
        data-testid="candidates"
        columns={[
          { key: 'rank', title: t('post.rank'), render: (_, c) => <Typography.Text strong data-testid="rank">{c.rank}</Typography.Text>, width: 60 },
          { key: 'name', title: t('persons.col.name'), render: (_, c) => <Link to={`/persons/${encodeURIComponent(c.personId)}`}>{c.name}</Link> },
          { key: 'id', title: t('assist.idNumber'), dataIndex: 'idNumberMasked', responsive: ['lg'] },
          { key: 'group', title: t('post.group'), render: (_, c) => (c.group ? <Tag color="blue">{label('postGroup', c.group.replaceAll('-', '_'))}</Tag> : '—') },
          { key: 'eligible', title: t('post.qualified'), render: (_, c) => <TriTag value={c.eligible} /> },
          { key: 'reasons', title: t('assist.reasons'), render: (_, c) => <Reasons zh={c.reasons} en={c.reasonsEn} /> },
          { key: 'term', title: t('post.allowedTerm'), render: (_, c) => c.termEnds ?? '—', responsive: ['md'] },
          ...(canPlace
            ? [{ key: 'place', title: '', render: (_: unknown, c: PostCandidate) => (c.eligible === true ? <Button size="small" type="primary" onClick={() => setPlacing(c)} data-testid="place">{t('post.place')}</Button> : null) }]
            : []),
        ]}
      />
      <PlaceDialog
        post={post}
        candidate={placing}
        onClose={() => setPlacing(null)}
        onPlaced={(p) => {
          setPlacing(null);
          onPlaced(p);
        }}
      />
    </>
  );
}

/**
 * Contract extension: the server says how far the contract may run today (to retirement when it is less than 5
 * years away, else 3 years from the start) with the clause; the user picks a date up to it and gives the reason.
 */
function ExtendDialog({ placement, onClose, onDone }: { placement: ListedPlacement; onClose(): void; onDone(p: PostPlacement): void }) {
  const { t } = useI18n();
  const [preview, retry] = useApi((signal) => posts.extensionPreview(placement.id, signal), [placement.id]);
  const [form] = Form.useForm<{ termEnds?: Dayjs | null; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('post.extendTitle', { name: placement.personName ?? '' })}
      onCancel={onClose}
      okText={t('post.extend')}
      okButtonProps={{ loading: busy, id: 'extend-submit', disabled: preview.state === 'ready' && !preview.data.extendable }}
      onOk={() => {
        setError(null);
        void form.validateFields().then(
          (v) => {
            setBusy(true);
            posts
              .extend(placement.id, { termEnds: v.termEnds ? v.termEnds.format('YYYY-MM-DD') : '', reason: v.reason.trim() })
              .then(onDone, (err: unknown) => {
                const rest = showFieldErrors(form, err, ['termEnds', 'reason']);
                setError(rest.length ? rest.join('；') : null);
              })
              .finally(() => setBusy(false));
          },
          () => undefined,
        );
      }}
    >
      {preview.state === 'loading' && <Loading />}
      {preview.state === 'error' && <ErrorView error={preview.error} onRetry={retry} />}
      {preview.state === 'ready' && (
        <DecisionView
          type={preview.data.extendable ? 'info' : 'warning'}
          testid="extension-limit"
          title={preview.data.extendable ? t('post.extendLimit', { from: preview.data.termEnds, to: preview.data.allowedEnd }) : t('post.notExtendable', { end: preview.data.termEnds })}
          explanations={[preview.data.explanation]}
          pack={preview.data.pack}
        />
      )}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="termEnds" label={t('post.newTermEnds')} rules={[{ required: true, message: t('post.newTermEnds') }]}>
          <DatePicker data-testid="extend-term" />
        </Form.Item>
        <Form.Item name="reason" label={t('post.extendReason')} rules={[{ required: true, whitespace: true, message: t('post.extendReason') }, { max: 500 }]}>
          <Input maxLength={500} data-testid="extend-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="extend-error" />}
    </Modal>
  );
}

/** Exit with a reason (and the date, default today): frees the place; the subsidy months are counted by the server. */
function ExitDialog({ placement, onClose, onDone }: { placement: ListedPlacement; onClose(): void; onDone(p: PostPlacement): void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ reason?: PostExitReason; note: string; endedOn?: Dayjs | null }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('post.exitTitle', { name: placement.personName ?? '' })}
      onCancel={onClose}
      okText={t('post.exit')}
      okButtonProps={{ loading: busy, danger: true, id: 'exit-submit' }}
      onOk={() => {
        setError(null);
        void form.validateFields().then(
          (v) => {
            setBusy(true);
            posts
              .exit(placement.id, { reason: v.reason!, note: v.note.trim(), ...(v.endedOn ? { endedOn: v.endedOn.format('YYYY-MM-DD') } : {}) })
              .then(onDone, (err: unknown) => {
                const rest = showFieldErrors(form, err, ['reason', 'note', 'endedOn']);
                setError(rest.length ? rest.join('；') : null);
              })
              .finally(() => setBusy(false));
          },
          () => undefined,
        );
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('post.exitReason')} rules={[{ required: true, message: t('post.exitReason') }]}>
          <Select data-testid="post-exit-reason" options={EXIT_REASONS.map((r) => ({ value: r, label: label('postExit', r) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('assist.note')} rules={[{ required: true, whitespace: true, message: t('post.exitNoteRequired') }, { max: 500 }]}>
          <Input maxLength={500} data-testid="post-exit-note" />
        </Form.Item>
        <Form.Item name="endedOn" label={t('post.endedOn')} extra={t('post.startDefault')}>
          <DatePicker />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="post-exit-error" />}
    </Modal>
  );
}

function Complaints({ post, onChange }: { post: WelfarePostDetail; onChange(): void }) {
  const { t, label } = useI18n();
  const user = useUser();
  const [form] = Form.useForm<{ channel: ComplaintChannel; complainant?: string; content: string; placementId?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [investigation, setInvestigation] = useState<Record<string, { text: string; remove: boolean }>>({});
  const supervise = canDo(user.role, 'post.supervise');
  const act = (call: () => Promise<unknown>) => {
    setError(null);
    call().then(onChange, (err: unknown) => setError(errorMessage(err)));
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<PostComplaint>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={post.complaints}
        columns={[
          { key: 'on', title: t('post.receivedOn'), dataIndex: 'receivedOn' },
          { key: 'channel', title: t('post.channel'), render: (_, c) => label('complaintChannel', c.channel) },
          { key: 'content', title: t('assist.objectionContent'), dataIndex: 'content' },
          { key: 'status', title: t('assist.state'), render: (_, c) => <Tag color={c.status === 'open' ? 'orange' : c.status === 'substantiated' ? 'red' : 'green'}>{label('complaintStatus', c.status)}</Tag> },
          {
            key: 'inv',
            title: t('post.investigation'),
            render: (_, c) => {
              if (c.status !== 'open' || !supervise) return c.investigation ?? '—';
              const cur = investigation[c.id] ?? { text: '', remove: false };
              const set = (next: Partial<typeof cur>) => setInvestigation((m) => ({ ...m, [c.id]: { ...cur, ...next } }));
              return (
                <Space direction="vertical" size={4}>
                  <Input size="small" value={cur.text} onChange={(e) => set({ text: e.target.value })} placeholder={t('post.investigation')} />
                  <Space wrap>
                    {c.placementId && (
                      <Checkbox checked={cur.remove} onChange={(e) => set({ remove: e.target.checked })}>
                        {t('post.removePlacement')}
                      </Checkbox>
                    )}
                    <Button size="small" danger disabled={!cur.text.trim()} onClick={() => act(() => posts.investigate(post.id, c.id, { finding: 'substantiated', investigation: cur.text.trim(), removePlacement: cur.remove }))}>
                      {t('post.substantiated')}
                    </Button>
                    <Button size="small" disabled={!cur.text.trim()} onClick={() => act(() => posts.investigate(post.id, c.id, { finding: 'unfounded', investigation: cur.text.trim(), removePlacement: false }))}>
                      {t('post.unfounded')}
                    </Button>
                  </Space>
                </Space>
              );
            },
          },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} />}
      <Form
        form={form}
        layout="inline"
        initialValues={{ channel: 'phone' }}
        onFinish={(v) => act(() => posts.complain(post.id, { channel: v.channel, content: v.content, ...(v.complainant?.trim() ? { complainant: v.complainant.trim() } : {}), ...(v.placementId ? { placementId: v.placementId } : {}) }).then(() => form.resetFields()))}
      >
        <Form.Item name="channel">
          <Select style={{ width: 130 }} options={CHANNELS.map((c) => ({ value: c, label: label('complaintChannel', c) }))} />
        </Form.Item>
        <Form.Item name="complainant">
          <Input placeholder={t('post.complainant')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="placementId">
          <Select allowClear placeholder={t('post.aboutPlacement')} style={{ width: 160 }} options={post.placements.map((p) => ({ value: p.id, label: p.personName ?? p.personId }))} />
        </Form.Item>
        <Form.Item name="content" rules={[{ required: true, message: t('assist.objectionContent') }]}>
          <Input placeholder={t('assist.objectionContent')} style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit">{t('post.recordComplaint')}</Button>
      </Form>
    </Space>
  );
}

/** One public-welfare post: ranked candidates with reasons, placement, placements with term and subsidy months, complaints. */
export function PostPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const user = useUser();
  const [result, retry] = useApi((signal) => posts.get(id, signal), [id]);
  const [placed, setPlaced] = useState<PostPlacement | null>(null);
  const [extending, setExtending] = useState<ListedPlacement | null>(null);
  const [exiting, setExiting] = useState<ListedPlacement | null>(null);
  const [changed, setChanged] = useState<{ kind: 'extended' | 'exited'; p: ListedPlacement } | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const post = result.data;
  const canPlace = canDo(user.role, 'post.place');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {post.title} <Tag color={post.status === 'open' ? 'green' : 'default'}>{label('postStatus', post.status)}</Tag>
          </Space>
        }
        extra={
          canDo(user.role, 'post.write') && (
            <Button onClick={() => void posts.setStatus(post.id, post.status === 'open' ? 'closed' : 'open').then(retry)}>
              {post.status === 'open' ? t('post.close') : t('post.reopen')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('post.employer')}>{post.employer}</Descriptions.Item>
          <Descriptions.Item label={t('post.type')}>{post.postType}</Descriptions.Item>
          <Descriptions.Item label={t('post.location')}>{post.location}</Descriptions.Item>
          <Descriptions.Item label={t('post.filled')}><span data-testid="filled">{post.filled} / {post.places}</span></Descriptions.Item>
          <Descriptions.Item label={t('post.termMonths')}>{post.termMonths}</Descriptions.Item>
          <Descriptions.Item label={t('post.subsidy')}>{t('post.subsidyText', { post: post.postSubsidyYuan, insurance: post.socialInsuranceSubsidyYuan })}</Descriptions.Item>
          <Descriptions.Item label={t('post.funding')}>{post.fundingSource}</Descriptions.Item>
          <Descriptions.Item label={t('post.openedOn')}>{post.openedOn}</Descriptions.Item>
        </Descriptions>
      </Card>
      {placed && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setPlaced(null)}
          data-testid="placed"
          title={`${t('post.placed', { rank: placed.ranking.rank, of: placed.ranking.of, start: placed.startOn, end: placed.termEnds, allowed: placed.ranking.allowedEnd })}${placed.placementNo > 1 ? ` · ${t('post.nthPlacement', { n: placed.placementNo })}` : ''} · ${t('assist.pack')}：${placed.packRef}`}
          description={<Reasons zh={placed.ranking.reasons} en={placed.ranking.reasonsEn} />}
        />
      )}
      {changed?.kind === 'extended' && (() => {
        const ext = changed.p.extensions[changed.p.extensions.length - 1];
        return (
          <DecisionView
            testid="extended"
            title={t('post.extended', { name: changed.p.personName ?? '', from: ext?.from ?? '', to: changed.p.termEnds, allowed: ext?.allowed ?? '' })}
            explanations={ext?.explanation ? [ext.explanation] : []}
            pack={ext?.pack ?? changed.p.packRef}
          />
        );
      })()}
      {changed?.kind === 'exited' && (
        <Alert type="success" showIcon closable onClose={() => setChanged(null)} data-testid="exited" title={t('post.exited', { name: changed.p.personName ?? '', on: changed.p.endedOn ?? '', reason: label('postExit', changed.p.exitReason ?? ''), months: changed.p.subsidyMonths })} />
      )}
      <Card title={t('post.placements')}>
        <Table<ListedPlacement>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={post.placements}
          data-testid="placements"
          columns={[
            { key: 'name', title: t('persons.col.name'), render: (_, p) => <Link to={`/persons/${encodeURIComponent(p.personId)}`}>{p.personName ?? p.personId}</Link> },
            { key: 'rank', title: t('post.rank'), render: (_, p) => t('post.rankOf', { rank: p.ranking.rank, of: p.ranking.of }) },
            { key: 'reasons', title: t('assist.reasons'), render: (_, p) => <Reasons zh={p.ranking.reasons} en={p.ranking.reasonsEn} /> },
            { key: 'term', title: t('post.term'), render: (_, p) => `${p.startOn} — ${p.termEnds}` },
            { key: 'no', title: t('post.placementNo'), dataIndex: 'placementNo', responsive: ['lg'] },
            { key: 'months', title: t('post.subsidyMonths'), dataIndex: 'subsidyMonths' },
            { key: 'state', title: t('assist.state'), render: (_, p) => <Tag color={p.state === 'active' ? 'green' : p.state === 'removed' ? 'red' : 'default'}>{label('placementState', p.state)}</Tag> },
            {
              key: 'ext',
              title: t('post.extensions'),
              responsive: ['lg'],
              render: (_, p) => (p.extensions.length ? p.extensions.map((e, i) => <div key={i} style={{ fontSize: 12 }}>{t('post.extensionLine', { on: e.on, from: e.from, to: e.to, clause: e.clause ?? '' })}</div>) : '—'),
            },
            ...(canPlace
              ? [
                  {
                    key: 'act',
                    title: '',
                    render: (_: unknown, p: ListedPlacement) =>
                      p.state === 'active' ? (
                        <Space size={4}>
                          <Button size="small" onClick={() => setExtending(p)} data-testid="extend">
                            {t('post.extend')}
                          </Button>
                          <Button size="small" danger onClick={() => setExiting(p)} data-testid="post-exit">
                            {t('post.exit')}
                          </Button>
                        </Space>
                      ) : p.exitReason ? (
                        label('postExit', p.exitReason)
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {extending && (
        <ExtendDialog
          placement={extending}
          onClose={() => setExtending(null)}
          onDone={(p) => {
            setExtending(null);
            setChanged({ kind: 'extended', p: { ...p, personName: extending.personName } });
            retry();
          }}
        />
      )}
      {exiting && (
        <ExitDialog
          placement={exiting}
          onClose={() => setExiting(null)}
          onDone={(p) => {
            setExiting(null);
            setChanged({ kind: 'exited', p: { ...p, personName: exiting.personName } });
            retry();
          }}
        />
      )}
      <Card title={t('post.candidates')}>
        <Candidates
          post={post}
          onPlaced={(p) => {
            setPlaced(p);
            retry();
          }}
        />
      </Card>
      <Card title={t('post.complaints')}>
        <Complaints post={post} onChange={retry} />
      </Card>
    </Space>
  );
}
