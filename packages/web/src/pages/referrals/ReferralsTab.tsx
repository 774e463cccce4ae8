import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { AutoComplete, Segmented, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { canDo } from '../../access.ts';
import { persons, referrals } from '../../api/endpoints.ts';
import type { ListedReferral, PersonListItemEx, ReferralStatus } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { useUser } from '../../state/session.tsx';
import { ListTable, useListQuery } from '../../components/ListTable.tsx';

const PAGE = 50;
const REFERRAL_VIEWS = ['pending', 'accepted', 'declined', 'all'] as const;

export const personReferralsPath = (personId: string) => `/assistance/referrals/${encodeURIComponent(personId)}`;

export function ReferralStatusTag({ status }: { status: ReferralStatus }) {
  const { label } = useI18n();
  return <Tag color={status === 'pending' ? 'orange' : status === 'accepted' ? 'green' : 'default'}>{label('referralStatus', status)}</Tag>;
}

/** Finds a person in the user's area by name or ID number and opens their social-assistance page. */
function PersonFinder() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { current } = useJurisdiction();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [text, setText] = useState('');
  return (
    <AutoComplete
      style={{ width: 320 }}
      value={text}
      options={options}
      placeholder={t('referral.findPerson')}
      data-testid="referral-person-search"
      onChange={setText}
      onSearch={(q) => {
        if (q.trim().length < 1) {
          setOptions([]);
          return;
        }
        void persons.list({ jurisdiction: current.code, q: q.trim(), page: 1, pageSize: 10 }).then(
          (res) => setOptions(res.items.map((p: PersonListItemEx) => ({ value: p.id, label: `${p.name} · ${p.idNumberMasked} · ${p.jurisdiction.name}` }))),
          () => setOptions([]),
        );
      }}
      onSelect={(id: string) => navigate(personReferralsPath(id))}
    />
  );
}

/** Referrals to civil affairs in the picked jurisdiction (R7.4, R11.2): pending first, the longest waiting on top. */
export function ReferralsTab() {
  const { t, label } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  const list = useListQuery(['status'] as const, { pageSize: PAGE, resetOn: current.code });
  // Pending unless the URL names another status (or all).
  const status = REFERRAL_VIEWS.find((v) => v === list.filter.status) ?? 'pending';
  const filter = { jurisdiction: current.code, status: status === 'all' ? undefined : status };
  const columns: ColumnsType<ListedReferral> = [
    { key: 'name', title: t('persons.col.name'), render: (_, r) => <Link to={personReferralsPath(r.personId)}>{r.personName ?? '—'}</Link> },
    { key: 'id', title: t('assist.idNumber'), render: (_, r) => r.idNumberMasked ?? '—', responsive: ['lg'] },
    { key: 'kind', title: t('referral.kind'), render: (_, r) => label('referralKind', r.kind) },
    { key: 'reason', title: t('referral.reason'), dataIndex: 'reason' },
    { key: 'on', title: t('referral.referredOn'), dataIndex: 'referredOn' },
    {
      key: 'status',
      title: t('assist.state'),
      render: (_, r) => (
        <Space size={4}>
          <ReferralStatusTag status={r.status} />
          {r.status === 'pending' && r.daysWaiting !== null && <Typography.Text type={r.daysWaiting > 7 ? 'danger' : 'secondary'}>{t('referral.waiting', { days: r.daysWaiting })}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'response', title: t('referral.response'), render: (_, r) => (r.responseOn ? `${r.responseOn} · ${r.responseNote ?? ''}` : '—') },
  ];
  return (
    <ListTable
      query={list}
      rowKey="id"
      columns={columns}
      deps={[current.code]}
      load={(page, signal) => referrals.list({ ...filter, ...page }, signal)}
      exportTo={{ path: '/api/v1/civil-affairs-referrals/export.xlsx', query: filter }}
      table={{ 'data-testid': 'referrals' }}
      summary={() => <Typography.Text type="secondary">{t('referral.hint')}</Typography.Text>}
      toolbar={
        <>
          <Segmented
            value={status}
            onChange={(v) => list.setFilter({ status: v === 'pending' ? null : v })}
            options={[
              { value: 'pending', label: label('referralStatus', 'pending') },
              { value: 'accepted', label: label('referralStatus', 'accepted') },
              { value: 'declined', label: label('referralStatus', 'declined') },
              { value: 'all', label: t('post.all') },
            ]}
          />
          {canDo(user.role, 'referral.write') && <PersonFinder />}
        </>
      }
    />
  );
}
