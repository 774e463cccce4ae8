// 用人单位: employers of the picked jurisdiction (key enterprises, 见习 units, employment bases), registration with the
// credit code checked by the server (GB 32100-2015), and one employer's page with its postings and accounts.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Flex, Form, Input, Segmented, Select, Space, Switch, Tag } from 'antd';
import { canDo } from '../../access.ts';
import { employers, type Employer, type EmployerInput, type EmployerListItem } from '../../api/jobs.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { useAction } from '../../components/useAction.ts';
import { CreateDrawer } from '../../components/FormDialog.tsx';
import { ListTable, useListQuery, whole } from '../../components/ListTable.tsx';

const FIELDS = ['creditCode', 'name', 'industry', 'size', 'jurisdictionCode', 'address', 'contacts', 'serviceOfficer'] as const;
const FLAGS = ['keyEnterprise', 'internshipUnit', 'employmentBase'] as const;

function Flags({ e }: { e: EmployerListItem }) {
  const { t } = useI18n();
  return (
    <>
      {FLAGS.filter((k) => e[k]).map((k) => (
        <Tag key={k} color="blue">
          {t(`employer.flag.${k}`)}
        </Tag>
      ))}
      {e.state === 'pending' && <Tag color="orange">{t('employer.pending')}</Tag>}
    </>
  );
}

function NewEmployer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const [form] = Form.useForm<EmployerInput & { contactName?: string; contactPhone?: string }>();
  return (
    <CreateDrawer
      open={open}
      onClose={onClose}
      title={t('employer.new')}
      width={520}
      form={form}
      submitTestId="employer-submit"
      fields={FIELDS}
      initialValues={{ jurisdictionCode: current.code, size: 'small' }}
      onSubmit={({ contactName, contactPhone, ...v }) => employers.create({ ...v, contacts: contactName && contactPhone ? [{ name: contactName, phone: contactPhone }] : [] })}
      to={(created) => `/employers/${encodeURIComponent(created.id)}`}
    >
      <Form.Item name="creditCode" label={t('employer.creditCode')} rules={[{ required: true, len: 18, message: t('employer.creditCode') }]}>
        <Input maxLength={18} data-testid="employer-credit-code" />
      </Form.Item>
      <Form.Item name="name" label={t('employer.name')} rules={[{ required: true }]}>
        <Input maxLength={200} data-testid="employer-name" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="industry" label={t('employer.industry')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="size" label={t('employer.size')} rules={[{ required: true }]}>
          <Select style={{ width: 120 }} options={(['micro', 'small', 'medium', 'large'] as const).map((s) => ({ value: s, label: label('employerSize', s) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="jurisdictionCode" label={t('persons.col.jurisdiction')} rules={[{ required: true }]}>
        <DivisionSelect />
      </Form.Item>
      <Form.Item name="address" label={t('posting.address')} rules={[{ required: true }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="contactName" label={t('employer.contact')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('persons.col.phone')}>
          <Input maxLength={20} />
        </Form.Item>
      </Space>
      <Space wrap>
        {FLAGS.map((k) => (
          <Form.Item key={k} name={k} label={t(`employer.flag.${k}`)} valuePropName="checked">
            <Switch />
          </Form.Item>
        ))}
      </Space>
      <Form.Item name="serviceOfficer" label={t('employer.serviceOfficer')}>
        <Input maxLength={50} />
      </Form.Item>
    </CreateDrawer>
  );
}

export function EmployersPage() {
  const { t, label } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  const list = useListQuery(['show', 'q'] as const, { resetOn: current.code });
  const show: 'all' | 'key' | 'pending' = list.filter.show === 'key' || list.filter.show === 'pending' ? list.filter.show : 'all';
  const [creating, setCreating] = useState(false);
  const filter = { jurisdiction: current.code, ...(show === 'key' ? { keyEnterprise: 'true' as const } : show === 'pending' ? { state: 'pending' as const } : {}), ...(list.filter.q ? { q: list.filter.q } : {}) };
  return (
    <Card
      title={t('employer.register')}
      extra={
        <Space wrap>
          <Input.Search allowClear defaultValue={list.filter.q} placeholder={t('employer.search')} onSearch={(q) => list.setFilter({ q })} style={{ width: 200 }} />
          <Segmented value={show} onChange={(v) => list.setFilter({ show: v === 'all' ? null : v })} options={[{ value: 'all', label: t('post.all') }, { value: 'key', label: t('employer.flag.keyEnterprise') }, { value: 'pending', label: t('employer.pending') }]} />
          {canDo(user.role, 'employer.write') && user.role !== 'employer' && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-employer">
              {t('employer.new')}
            </Button>
          )}
        </Space>
      }
    >
      <ListTable<EmployerListItem, 'show' | 'q'>
        query={list}
        rowKey="id"
        deps={[current.code]}
        // The register is not paged on the server: the table pages the whole filter.
        load={(_page, signal) => whole(employers.list(filter, signal))}
        columns={[
          { key: 'name', title: t('employer.name'), render: (_, e) => <Link to={`/employers/${encodeURIComponent(e.id)}`}>{e.name}</Link> },
          { key: 'code', title: t('employer.creditCode'), dataIndex: 'creditCode', responsive: ['md'] },
          { key: 'industry', title: t('employer.industry'), dataIndex: 'industry', responsive: ['lg'] },
          { key: 'size', title: t('employer.size'), render: (_, e) => label('employerSize', e.size), responsive: ['lg'] },
          { key: 'place', title: t('persons.col.jurisdiction'), dataIndex: 'jurisdictionName' },
          { key: 'flags', title: '', render: (_, e) => <Flags e={e} /> },
        ]}
      />
      <NewEmployer open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

export function EmployerPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const user = useUser();
  const activating = useAction();
  const [result, retry] = useApi((signal) => employers.get(id, signal), [id]);
  const [changed, setChanged] = useState<Employer | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const e = changed ?? result.data;
  return (
    <Flex vertical gap={12}>
      <Card
        title={e.name}
        extra={
          e.state === 'pending' && canDo(user.role, 'employer.activate') ? (
            <Button
              type="primary"
              data-testid="employer-activate"
              loading={activating.busy}
              onClick={async () => {
                const activated = await activating.run(() => employers.activate(e.id));
                if (activated) setChanged(activated);
              }}
            >
              {t('employer.activate')}
            </Button>
          ) : null
        }
      >
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: t('employer.creditCode'), children: e.creditCode },
            { key: 'flags', label: t('posting.flags'), children: <Flags e={e} /> },
            { key: 'industry', label: t('employer.industry'), children: e.industry },
            { key: 'size', label: t('employer.size'), children: label('employerSize', e.size) },
            { key: 'place', label: t('persons.col.jurisdiction'), children: e.jurisdictionName },
            { key: 'address', label: t('posting.address'), children: e.address },
            { key: 'contacts', label: t('employer.contact'), children: e.contacts.map((c) => `${c.name} ${c.phone}`).join('；') || '—' },
            { key: 'officer', label: t('employer.serviceOfficer'), children: e.serviceOfficer ?? '—' },
            { key: 'postings', label: t('employer.postings'), children: t('employer.postingCounts', { total: e.postings.total, published: e.postings.published, filled: e.postings.filled, openings: e.postings.openings }) },
            { key: 'accounts', label: t('employer.accounts'), children: e.accounts.map((a) => `${a.username}${a.active ? '' : `（${t('employer.pending')}）`}`).join('、') || '—' },
          ]}
        />
      </Card>
      <Link to={`/postings?employer=${encodeURIComponent(e.id)}`}>{t('employer.seePostings')}</Link>
    </Flex>
  );
}
