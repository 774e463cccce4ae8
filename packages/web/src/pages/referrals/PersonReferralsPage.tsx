import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { canDo } from '../../access.ts';
import { persons, referrals } from '../../api/endpoints.ts';
import type { CivilAffairsReferral, DibaoEmployment, ReferralKind } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { DecisionView } from '../assistance/shared.tsx';
import { ReferralStatusTag } from './ReferralsTab.tsx';

const KINDS: ReferralKind[] = ['temporary_relief', 'dibao'];

function ReferForm({ personId, onDone }: { personId: string; onDone(r: CivilAffairsReferral): void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ kind: ReferralKind; reason: string; referredOn?: Dayjs | null }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="refer-form"
      initialValues={{ kind: 'temporary_relief' }}
      onFinish={async (v) => {
        setError(null);
        try {
          onDone(await referrals.refer(personId, { kind: v.kind, reason: v.reason.trim(), ...(v.referredOn ? { referredOn: v.referredOn.format('YYYY-MM-DD') } : {}) }));
          form.resetFields();
        } catch (err) {
          const rest = showFieldErrors(form, err, ['kind', 'reason', 'referredOn']);
          setError(rest.length ? rest.join('；') : null);
        }
      }}
    >
      <Form.Item name="kind" label={t('referral.kind')} rules={[{ required: true }]}>
        <Radio.Group options={KINDS.map((k) => ({ value: k, label: label('referralKind', k) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('referral.reason')} rules={[{ required: true, whitespace: true, message: t('referral.reasonRequired') }, { max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="refer-reason" />
      </Form.Item>
      <Form.Item name="referredOn" label={t('referral.referredOn')} extra={t('post.startDefault')}>
        <DatePicker />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" data-testid="refer-submit">
        {t('referral.refer')}
      </Button>
    </Form>
  );
}

function RespondForm({ referral, onDone }: { referral: CivilAffairsReferral; onDone(r: CivilAffairsReferral): void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ status: 'accepted' | 'declined'; note: string; responseOn?: Dayjs | null }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="inline"
      size="small"
      initialValues={{ status: 'accepted' }}
      data-testid="respond-form"
      onFinish={async (v) => {
        setError(null);
        try {
          onDone(await referrals.respond(referral.id, { status: v.status, note: v.note.trim(), ...(v.responseOn ? { responseOn: v.responseOn.format('YYYY-MM-DD') } : {}) }));
        } catch (err) {
          const rest = showFieldErrors(form, err, ['status', 'note', 'responseOn']);
          setError(rest.length ? rest.join('；') : null);
        }
      }}
    >
      <Form.Item name="status">
        <Select style={{ width: 110 }} options={(['accepted', 'declined'] as const).map((s) => ({ value: s, label: label('referralStatus', s) }))} />
      </Form.Item>
      <Form.Item name="note" rules={[{ required: true, whitespace: true, message: t('referral.responseRequired') }, { max: 1000 }]}>
        <Input placeholder={t('referral.response')} style={{ width: 200 }} data-testid="respond-note" />
      </Form.Item>
      <Form.Item name="responseOn">
        <DatePicker placeholder={t('referral.responseOn')} />
      </Form.Item>
      <Button htmlType="submit" data-testid="respond-submit">
        {t('referral.recordResponse')}
      </Button>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Form>
  );
}

interface DibaoValues {
  employedOn: Dayjs | null;
  monthlyIncomeYuan: number | null;
  costItems: { item: string; amountYuan: number | null }[];
}

/** 低保 recipient found work: income and employment-cost items; the server computes the deduction and gradual exit. */
function DibaoForm({ personId, onDone }: { personId: string; onDone(d: DibaoEmployment): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<DibaoValues>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="dibao-form"
      initialValues={{ costItems: [{ item: '', amountYuan: null }] }}
      onFinish={async (v) => {
        setError(null);
        try {
          onDone(
            await referrals.dibaoEmployment(personId, {
              employedOn: v.employedOn ? v.employedOn.format('YYYY-MM-DD') : '',
              monthlyIncomeYuan: v.monthlyIncomeYuan ?? 0,
              costItems: v.costItems.filter((c) => c.item.trim()).map((c) => ({ item: c.item.trim(), amountYuan: c.amountYuan ?? 0 })),
            }),
          );
          form.resetFields();
        } catch (err) {
          const rest = showFieldErrors(form, err, ['employedOn', 'monthlyIncomeYuan', 'costItems']);
          setError(rest.length ? rest.join('；') : null);
        }
      }}
    >
      <Flex gap={16} wrap>
        <Form.Item name="employedOn" label={t('referral.employedOn')} rules={[{ required: true, message: t('referral.employedOn') }]}>
          <DatePicker data-testid="dibao-employed-on" />
        </Form.Item>
        <Form.Item name="monthlyIncomeYuan" label={t('referral.monthlyIncome')} rules={[{ required: true, message: t('referral.monthlyIncome') }]}>
          <InputNumber min={0} max={1000000} precision={2} style={{ width: 160 }} data-testid="dibao-income" />
        </Form.Item>
      </Flex>
      <Typography.Text>{t('referral.costItems')}</Typography.Text>
      <Form.List name="costItems">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Flex key={f.key} gap={8} wrap>
                <Form.Item name={[f.name, 'item']} rules={[{ max: 100 }]}>
                  <Input placeholder={t('referral.costItem')} style={{ width: 200 }} data-testid={`dibao-cost-${i}-item`} />
                </Form.Item>
                <Form.Item name={[f.name, 'amountYuan']}>
                  <InputNumber min={0} max={100000} precision={2} placeholder={t('referral.amount')} style={{ width: 140 }} data-testid={`dibao-cost-${i}-amount`} />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('common.remove')}</Button>}
              </Flex>
            ))}
            <Button onClick={() => add({ item: '', amountYuan: null })} style={{ marginBottom: 16 }}>
              {t('referral.addCost')}
            </Button>
          </>
        )}
      </Form.List>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="dibao-error" />}
      <div>
        <Button type="primary" htmlType="submit" data-testid="dibao-submit">
          {t('referral.recordDibao')}
        </Button>
      </div>
    </Form>
  );
}

/** One person's social-assistance linkage: referrals to civil affairs with responses, 低保 employment records. */
export function PersonReferralsPage() {
  const { personId = '' } = useParams();
  const { t, label } = useI18n();
  const user = useUser();
  const [result, retry] = useApi(async (signal) => {
    const [person, data] = await Promise.all([persons.get(personId, signal), referrals.forPerson(personId, signal)]);
    return { person, data };
  }, [personId]);
  const [done, setDone] = useState<{ kind: 'referral'; r: CivilAffairsReferral } | { kind: 'dibao'; d: DibaoEmployment } | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const { person, data } = result.data;
  const writable = canDo(user.role, 'referral.write');
  const isDibao = person.marks.includes('dibao');
  const after = (next: typeof done) => {
    setDone(next);
    retry();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('referral.title')} extra={<Link to={`/persons/${encodeURIComponent(person.id)}`}>{t('assist.openFile')}</Link>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('persons.col.name')}>{person.name}</Descriptions.Item>
          <Descriptions.Item label={t('assist.idNumber')}>{person.idNumberMasked}</Descriptions.Item>
          <Descriptions.Item label={t('referral.marks')}>{person.marks.length ? person.marks.map((m) => <Tag key={m}>{label('mark', m)}</Tag>) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {done?.kind === 'referral' && (
        <Alert type="success" showIcon closable onClose={() => setDone(null)} data-testid="decision" title={t('referral.recorded', { kind: label('referralKind', done.r.kind), on: done.r.referredOn, status: label('referralStatus', done.r.status) })} />
      )}
      {done?.kind === 'dibao' && (
        <DecisionView
          title={t('referral.dibaoRecorded', { income: done.d.monthlyIncomeYuan, deduction: done.d.costDeductionYuan, counted: done.d.countedIncomeYuan, months: done.d.gradualExitMonths, ends: done.d.gradualExitEnds })}
          explanations={[done.d.explanation]}
          pack={done.d.packRef}
        />
      )}
      <Card title={t('referral.list')}>
        <Table<CivilAffairsReferral>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.referrals}
          data-testid="person-referrals"
          columns={[
            { key: 'kind', title: t('referral.kind'), render: (_, r) => label('referralKind', r.kind) },
            { key: 'reason', title: t('referral.reason'), dataIndex: 'reason' },
            { key: 'on', title: t('referral.referredOn'), dataIndex: 'referredOn' },
            { key: 'status', title: t('assist.state'), render: (_, r) => <ReferralStatusTag status={r.status} /> },
            {
              key: 'response',
              title: t('referral.response'),
              render: (_, r) => (r.status === 'pending' ? (writable ? <RespondForm referral={r} onDone={(x) => after({ kind: 'referral', r: x })} /> : t('referral.waiting', { days: r.daysWaiting ?? 0 })) : `${r.responseOn} · ${r.responseNote ?? ''}`),
            },
          ]}
        />
        {writable && (
          <div style={{ marginTop: 16, maxWidth: 640 }}>
            <Typography.Title level={5}>{t('referral.new')}</Typography.Title>
            <ReferForm personId={person.id} onDone={(r) => after({ kind: 'referral', r })} />
          </div>
        )}
      </Card>
      <Card title={t('referral.dibaoTitle')}>
        <Table<DibaoEmployment>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.dibaoEmployment}
          data-testid="dibao-records"
          columns={[
            { key: 'on', title: t('referral.employedOn'), dataIndex: 'employedOn' },
            { key: 'income', title: t('referral.monthlyIncome'), dataIndex: 'monthlyIncomeYuan' },
            { key: 'deduction', title: t('referral.deduction'), render: (_, d) => `${d.costDeductionYuan}（${d.costItems.join('、') || '—'}）` },
            { key: 'counted', title: t('referral.countedIncome'), dataIndex: 'countedIncomeYuan' },
            { key: 'exit', title: t('referral.gradualExit'), render: (_, d) => <Space size={4}>{t('referral.gradualExitText', { months: d.gradualExitMonths, ends: d.gradualExitEnds })}{d.inGradualExit && <Tag color="blue">{t('referral.inGradualExit')}</Tag>}</Space> },
            { key: 'basis', title: t('assist.clause'), render: (_, d) => <Typography.Text type="secondary">{d.explanation.source} · {d.packRef}</Typography.Text>, responsive: ['lg'] },
          ]}
        />
        {writable && (
          <div style={{ marginTop: 16 }}>
            {isDibao ? <DibaoForm personId={person.id} onDone={(d) => after({ kind: 'dibao', d })} /> : <Typography.Text type="secondary">{t('referral.notDibao')}</Typography.Text>}
          </div>
        )}
      </Card>
    </Space>
  );
}
