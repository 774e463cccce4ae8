import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Form, Input, InputNumber, Segmented, Space, Tag } from 'antd';
import { canDo } from '../../access.ts';
import { posts } from '../../api/endpoints.ts';
import type { PostInput, WelfarePost } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { CreateDrawer } from '../../components/FormDialog.tsx';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';

const FIELDS = ['employer', 'postType', 'title', 'location', 'places', 'termMonths', 'postSubsidyYuan', 'socialInsuranceSubsidyYuan', 'fundingSource', 'jurisdictionCode'] as const;

function NewPost({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { current } = useJurisdiction();
  const [form] = Form.useForm<Omit<PostInput, 'jurisdictionCode'>>();
  return (
    <CreateDrawer
      open={open}
      onClose={onClose}
      title={t('post.new')}
      width={480}
      form={form}
      testId="post-form"
      submitTestId="post-submit"
      fields={FIELDS}
      initialValues={{ places: 1, termMonths: 36, postSubsidyYuan: 0, socialInsuranceSubsidyYuan: 0 }}
      onSubmit={(v) => posts.create({ ...v, jurisdictionCode: current.code })}
      to={(created) => `/posts/${encodeURIComponent(created.id)}`}
    >
      <Form.Item label={t('persons.col.jurisdiction')}>{current.name}</Form.Item>
      <Form.Item name="title" label={t('post.title')} rules={[{ required: true, message: t('post.title') }]}>
        <Input maxLength={100} data-testid="post-title" />
      </Form.Item>
      <Form.Item name="employer" label={t('post.employer')} rules={[{ required: true, message: t('post.employer') }]}>
        <Input maxLength={200} data-testid="post-employer" />
      </Form.Item>
      <Form.Item name="postType" label={t('post.type')} rules={[{ required: true, message: t('post.type') }]}>
        <Input maxLength={60} data-testid="post-type" />
      </Form.Item>
      <Form.Item name="location" label={t('post.location')} rules={[{ required: true, message: t('post.location') }]}>
        <Input maxLength={200} data-testid="post-location" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="places" label={t('post.places')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} precision={0} />
        </Form.Item>
        <Form.Item name="termMonths" label={t('post.termMonths')} rules={[{ required: true }]}>
          <InputNumber min={1} max={120} precision={0} />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="postSubsidyYuan" label={t('post.postSubsidy')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} />
        </Form.Item>
        <Form.Item name="socialInsuranceSubsidyYuan" label={t('post.insuranceSubsidy')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} />
        </Form.Item>
      </Space>
      <Form.Item name="fundingSource" label={t('post.funding')} rules={[{ required: true, message: t('post.funding') }]}>
        <Input maxLength={100} data-testid="post-funding" />
      </Form.Item>
    </CreateDrawer>
  );
}

/** 公益性岗位台账: posts of the picked jurisdiction, places filled / free, subsidies, funding, status. */
export function PostsPage() {
  const { t, label } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  // Open posts unless the URL says closed or all.
  const list = useListQuery(['status'] as const, { resetOn: current.code });
  const status: 'open' | 'closed' | 'all' = list.filter.status === 'closed' ? 'closed' : list.filter.status === 'all' ? 'all' : 'open';
  const [creating, setCreating] = useState(false);
  const filter = { jurisdiction: current.code, status: status === 'all' ? undefined : status };
  return (
    <Card
      title={t('post.register')}
      extra={
        <Space>
          <Segmented value={status} onChange={(v) => list.setFilter({ status: v === 'open' ? null : v })} options={[{ value: 'open', label: label('postStatus', 'open') }, { value: 'closed', label: label('postStatus', 'closed') }, { value: 'all', label: t('post.all') }]} />
          {canDo(user.role, 'post.write') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-post">
              {t('post.new')}
            </Button>
          )}
        </Space>
      }
    >
      <ListTable<WelfarePost, 'status'>
        query={list}
        rowKey="id"
        deps={[current.code]}
        // The register is not paged on the server: the table pages the whole filter.
        load={(_page, signal) => whole(posts.list(filter, signal))}
        exportTo={{ path: '/api/v1/posts/export.xlsx', query: filter }}
        columns={[
          { key: 'title', title: t('post.title'), render: (_, p) => <Link to={`/posts/${encodeURIComponent(p.id)}`}>{p.title}</Link> },
          { key: 'employer', title: t('post.employer'), dataIndex: 'employer' },
          { key: 'type', title: t('post.type'), dataIndex: 'postType', responsive: ['md'] },
          { key: 'location', title: t('post.location'), dataIndex: 'location', responsive: ['lg'] },
          { key: 'places', title: t('post.filled'), render: (_, p) => `${p.filled} / ${p.places}` },
          { key: 'term', title: t('post.termMonths'), dataIndex: 'termMonths', responsive: ['md'] },
          { key: 'subsidy', title: t('post.subsidy'), render: (_, p) => t('post.subsidyText', { post: p.postSubsidyYuan, insurance: p.socialInsuranceSubsidyYuan }), responsive: ['lg'] },
          { key: 'funding', title: t('post.funding'), dataIndex: 'fundingSource', responsive: ['lg'] },
          { key: 'status', title: t('assist.state'), render: (_, p) => <Tag color={p.status === 'open' ? 'green' : 'default'}>{label('postStatus', p.status)}</Tag> },
        ]}
      />
      <NewPost open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
