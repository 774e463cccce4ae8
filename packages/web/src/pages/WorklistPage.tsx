import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Segmented, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { canDo } from '../access.ts';
import { registrations } from '../api/endpoints.ts';
import type { WorklistItem } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { useUser } from '../state/session.tsx';
import { ListTable, useListQuery } from '../components/ListTable.tsx';
import { FirstContactDialog } from '../components/registration/FirstContactDialog.tsx';
import { DueWorklist } from './services/DueWorklist.tsx';

type View = 'first_contact' | 'due' | 'active';

/** The view picker shared by the registration lists and the full worklist. */
function ViewPicker({ view }: { view: View }) {
  const { t } = useI18n();
  const [, setParams] = useSearchParams();
  return (
    <Segmented<View>
      style={{ marginBottom: 16 }}
      value={view}
      onChange={(v) => setParams(v === 'first_contact' ? {} : { view: v })}
      options={[
        { value: 'first_contact', label: t('worklist.view.firstContact') },
        { value: 'due', label: t('worklist.view.due') },
        { value: 'active', label: t('worklist.view.active') },
      ]}
    />
  );
}

/**
 * 待办: with `?view=due` everything due or overdue (services, follow-ups, stale files, tier changes; see
 * services/DueWorklist.tsx); otherwise the registration lists below.
 */
export function WorklistPage() {
  const [params] = useSearchParams();
  const { t } = useI18n();
  const user = useUser();
  const { current } = useJurisdiction();
  if (params.get('view') !== 'due') return <RegistrationWorklist />;
  return (
    <Card
      title={t('worklist.title.due')}
      extra={<Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>}
    >
      <ViewPicker view="due" />
      <DueWorklist jurisdiction={current.code} writable={canDo(user.role, 'service.write')} />
    </Card>
  );
}

/**
 * 待办: registrations of the picked jurisdiction awaiting first contact (due within 5 working days of registration,
 * 人社厅发〔2020〕79号), overdue first, then the nearest deadline; or every active registration.
 */
function RegistrationWorklist() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const { current } = useJurisdiction();
  const list = useListQuery(['view'] as const, { pageSize: 50, resetOn: current.code });
  const view: View = list.filter.view === 'active' ? 'active' : 'first_contact';
  const [contacting, setContacting] = useState<WorklistItem | null>(null);
  // Bumped after a first contact is recorded: the list reloads.
  const [version, setVersion] = useState(0);
  const filter = { jurisdiction: current.code, due: view === 'first_contact' ? ('first_contact' as const) : undefined, state: 'active' as const };
  const writable = canDo(user.role, 'registration.write');

  const deadline = (w: WorklistItem) => {
    if (w.firstContactOn) return <Tag color="green">{t('worklist.contacted', { on: w.firstContactOn })}</Tag>;
    if (!w.firstContactDeadline) return '—';
    const days = w.workingDaysLeft ?? w.daysLeft;
    return (
      <span data-testid="deadline">
        <Typography.Text type={w.overdue ? 'danger' : undefined} strong={w.overdue}>
          {w.firstContactDeadline}
        </Typography.Text>{' '}
        {days !== null &&
          (w.overdue ? (
            <Tag color="red" data-testid="days-left">
              {t('worklist.overdue', { days: Math.abs(days) })}
            </Tag>
          ) : (
            <Tag color={days <= 1 ? 'orange' : 'blue'} data-testid="days-left">
              {t('worklist.daysLeft', { days })}
            </Tag>
          ))}
      </span>
    );
  };

  const columns: ColumnsType<WorklistItem> = [
    { key: 'name', title: t('persons.col.name'), render: (_, w) => <Link to={`/persons/${encodeURIComponent(w.personId)}?tab=registrations`}>{w.personName}</Link> },
    { key: 'no', title: t('reg.no'), render: (_, w) => <Typography.Text code>{w.registrationNo ?? '—'}</Typography.Text> },
    { key: 'kind', title: t('reg.kind'), render: (_, w) => label('regKind', w.kind), responsive: ['md'] },
    { key: 'registeredOn', title: t('reg.registeredOn'), dataIndex: 'registeredOn' },
    { key: 'channel', title: t('reg.channel'), render: (_, w) => label('regChannel', w.channel), responsive: ['lg'] },
    { key: 'jurisdiction', title: t('persons.col.jurisdiction'), render: (_, w) => w.jurisdiction.name, responsive: ['lg'] },
    { key: 'deadline', title: t('reg.firstContactDeadline'), render: (_, w) => deadline(w) },
    ...(writable
      ? [
          {
            key: 'action',
            title: '',
            render: (_: unknown, w: WorklistItem) =>
              w.firstContactOn || !w.firstContactDeadline ? null : (
                <Button size="small" type="primary" onClick={() => setContacting(w)} data-testid="record-contact">
                  {t('worklist.recordContact')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('worklist.title')}
      extra={<Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>}
    >
      <ViewPicker view={view} />
      <ListTable<WorklistItem, 'view'>
        query={list}
        rowKey="id"
        columns={columns}
        deps={[current.code, version]}
        load={(page, signal) => registrations.worklist({ ...filter, ...page }, signal)}
        exportTo={{ path: '/api/v1/registrations/export.xlsx', query: filter }}
        table={{ 'data-testid': 'worklist', rowClassName: (w) => (w.overdue ? 'row-overdue' : ''), locale: { emptyText: t('worklist.empty') } }}
      >
        {(page) =>
          page && 'asOf' in page ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('worklist.asOf', { date: String(page.asOf) })}
            </Typography.Text>
          ) : null
        }
      </ListTable>
      {contacting && (
        <FirstContactDialog
          registration={contacting}
          open
          onClose={() => setContacting(null)}
          onDone={() => {
            setContacting(null);
            void message.success(t('common.saved'));
            setVersion((v) => v + 1);
          }}
        />
      )}
    </Card>
  );
}
