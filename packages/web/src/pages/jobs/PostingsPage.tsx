// 岗位: postings of the picked jurisdiction (an employer account: its own) by state, and a new posting drafted with
// an occupation from the classification; the server refuses forbidden conditions naming the phrase.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, DatePicker, Form, Input, InputNumber, Segmented, Select, Space, Switch, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { canDo } from '../../access.ts';
import { employers, postings, type Posting, type PostingInput } from '../../api/jobs.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { isoDate } from '../../lib/dates.ts';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { useApi } from '../../components/useApi.ts';
import { CreateDrawer } from '../../components/FormDialog.tsx';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';
import { pay } from './shared.tsx';

const FIELDS = ['employerId', 'occupationCode', 'title', 'description', 'openings', 'jurisdictionCode', 'address', 'payMin', 'payMax', 'hours', 'validFrom', 'validTo', 'skills', 'ageJustification'] as const;
const STATES = ['draft', 'in_review', 'published', 'filled', 'expired', 'withdrawn'] as const;

type FormValues = Omit<PostingInput, 'validFrom' | 'validTo'> & { validFrom: Dayjs; validTo: Dayjs };

function NewPosting({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, label } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  const [form] = Form.useForm<FormValues>();
  const [occupations, setOccupations] = useState<{ value: string; label: string }[]>([]);
  const [employerOptions] = useApi((signal) => (user.role === 'employer' ? Promise.resolve({ items: [] }) : employers.list({ jurisdiction: current.code }, signal)), [current.code, user.role]);
  return (
    <CreateDrawer
      open={open}
      onClose={onClose}
      title={t('posting.new')}
      width={560}
      form={form}
      testId="posting-form"
      submitTestId="posting-submit"
      fields={FIELDS}
      initialValues={{ openings: 1, hours: 'full_time', jurisdictionCode: current.code, skills: [] }}
      onSubmit={(v) => postings.create({ ...v, validFrom: isoDate(v.validFrom.toDate()), validTo: isoDate(v.validTo.toDate()) })}
      to={(created) => `/postings/${encodeURIComponent(created.id)}`}
    >
      {user.role !== 'employer' && (
        <Form.Item name="employerId" label={t('posting.employer')} rules={[{ required: true, message: t('posting.employer') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={employerOptions.state === 'ready' ? employerOptions.data.items.map((e) => ({ value: e.id, label: e.name })) : []} data-testid="posting-employer" />
        </Form.Item>
      )}
      <Form.Item name="occupationCode" label={t('posting.occupation')} rules={[{ required: true, message: t('posting.occupation') }]}>
        <Select showSearch={{ filterOption: false, onSearch: (q) => void postings.occupations({ q }).then((r) => setOccupations(r.items.filter((o) => o.level === 4).map((o) => ({ value: o.code, label: `${o.name} ${o.code}` })))) }} options={occupations} data-testid="posting-occupation" />
      </Form.Item>
      <Form.Item name="title" label={t('posting.title')} rules={[{ required: true, message: t('posting.title') }]}>
        <Input maxLength={100} data-testid="posting-title" />
      </Form.Item>
      <Form.Item name="description" label={t('posting.description')}>
        <Input.TextArea maxLength={4000} rows={3} data-testid="posting-description" />
      </Form.Item>
      <Form.Item name="jurisdictionCode" label={t('posting.place')} rules={[{ required: true }]}>
        <DivisionSelect />
      </Form.Item>
      <Form.Item name="address" label={t('posting.address')} rules={[{ required: true, message: t('posting.address') }]}>
        <Input maxLength={200} data-testid="posting-address" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="openings" label={t('posting.openings')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} precision={0} />
        </Form.Item>
        <Form.Item name="payMin" label={t('posting.payMin')}>
          <InputNumber min={0} max={1000000} precision={0} data-testid="posting-pay-min" />
        </Form.Item>
        <Form.Item name="payMax" label={t('posting.payMax')}>
          <InputNumber min={0} max={1000000} precision={0} data-testid="posting-pay-max" />
        </Form.Item>
        <Form.Item name="hours" label={t('posting.hours')} rules={[{ required: true }]}>
          <Select style={{ width: 120 }} options={(['full_time', 'part_time', 'flexible'] as const).map((h) => ({ value: h, label: label('hours', h) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="skills" label={t('posting.skills')}>
        <Select mode="tags" maxCount={20} />
      </Form.Item>
      <Space wrap>
        {(['ageFriendly', 'disabilitySuitable', 'gig', 'internship'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`posting.flag.${k}`)} valuePropName="checked">
            <Switch />
          </Form.Item>
        ))}
      </Space>
      <Space wrap>
        <Form.Item name="validFrom" label={t('posting.validFrom')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="validTo" label={t('posting.validTo')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Space>
    </CreateDrawer>
  );
}

export function PostingsPage() {
  const { t, label } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  // `employer` narrows to one employer's postings (the link from its page).
  const list = useListQuery(['state', 'employer'] as const, { resetOn: current.code });
  const fallback: Posting['state'] = user.role === 'operator' ? 'in_review' : 'published';
  const state: Posting['state'] | 'all' = list.filter.state === 'all' ? 'all' : (STATES.find((s) => s === list.filter.state) ?? fallback);
  const [creating, setCreating] = useState(false);
  const filter = { ...(user.role === 'employer' ? {} : { jurisdiction: current.code }), ...(state === 'all' ? {} : { state }), ...(list.filter.employer ? { employerId: list.filter.employer } : {}) };
  return (
    <Card
      title={t('posting.register')}
      extra={
        <Space wrap>
          <Segmented value={state} onChange={(v) => list.setFilter({ state: v === fallback ? null : v })} options={[...STATES.map((s) => ({ value: s, label: label('postingState', s) })), { value: 'all', label: t('post.all') }]} />
          {canDo(user.role, 'job.write') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-posting">
              {t('posting.new')}
            </Button>
          )}
        </Space>
      }
    >
      <ListTable<Posting, 'state' | 'employer'>
        query={list}
        rowKey="id"
        deps={[current.code, user.role]}
        // The postings list is not paged on the server: the table pages the whole filter.
        load={(_page, signal) => whole(postings.list(filter, signal))}
        columns={[
          { key: 'title', title: t('posting.title'), render: (_, p) => <Link to={`/postings/${encodeURIComponent(p.id)}`}>{p.title}</Link> },
          { key: 'employer', title: t('posting.employer'), dataIndex: 'employerName' },
          { key: 'occupation', title: t('posting.occupation'), render: (_, p) => p.occupationName ?? '—', responsive: ['lg'] },
          { key: 'pay', title: t('posting.pay'), render: (_, p) => pay(p.payMin, p.payMax) },
          { key: 'openings', title: t('posting.filled'), render: (_, p) => `${p.filled} / ${p.openings}` },
          { key: 'flags', title: '', render: (_, p) => (['ageFriendly', 'disabilitySuitable', 'gig', 'internship'] as const).filter((k) => p[k]).map((k) => <Tag key={k}>{t(`posting.flag.${k}`)}</Tag>), responsive: ['md'] },
          { key: 'state', title: t('jobs.state'), render: (_, p) => <Tag>{label('postingState', p.state)}</Tag> },
          { key: 'valid', title: t('posting.validTo'), dataIndex: 'validTo', responsive: ['lg'] },
        ]}
      />
      <NewPosting open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
