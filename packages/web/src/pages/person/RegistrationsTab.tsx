import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Descriptions, Empty, Flex, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { registrations } from '../../api/endpoints.ts';
import type { Employment, Registration } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { DeregisterDialog } from '../../components/registration/DeregisterDialog.tsx';
import { EmploymentDialog } from '../../components/registration/EmploymentDialog.tsx';
import { FirstContactDialog } from '../../components/registration/FirstContactDialog.tsx';
import { ExplanationList } from './HouseholdTab.tsx';

/** One registration period: number, kind, state, place basis, commitment, deadlines and how it ended. */
export function RegistrationDetails({ r, certificateUrl }: { r: Registration; certificateUrl: string | null }) {
  const { t, label } = useI18n();
  return (
    <Flex vertical gap={8}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'no', label: t('reg.no'), children: <Typography.Text copyable data-testid="registration-no">{r.registrationNo ?? '—'}</Typography.Text> },
          {
            key: 'kind',
            label: t('reg.kind'),
            children: (
              <Flex gap={4} wrap>
                <Tag color={r.kind === 'unemployment' ? 'blue' : 'cyan'}>{label('regKind', r.kind)}</Tag>
                <Tag color={r.state === 'active' ? 'green' : 'default'}>{label('regState', r.state)}</Tag>
                {r.offeredInstead && <Tag color="orange">{t('reg.offeredInstead')}</Tag>}
              </Flex>
            ),
          },
          { key: 'registeredOn', label: t('reg.registeredOn'), children: r.registeredOn },
          { key: 'channel', label: t('reg.channel'), children: label('regChannel', r.channel) },
          { key: 'jurisdiction', label: t('persons.col.jurisdiction'), children: r.jurisdiction.name },
          { key: 'placeBasis', label: t('reg.placeBasis'), children: label('placeBasis', r.placeBasis) },
          { key: 'office', label: t('reg.office'), children: r.office ? `${r.office.name} · ${r.office.phone}` : '—' },
          { key: 'caseworker', label: t('reg.caseworker'), children: r.caseworker?.displayName ?? '—' },
          {
            key: 'reason',
            label: t('reg.unemploymentReason'),
            children: r.unemploymentReason ? label('unemploymentReason', r.unemploymentReason) : '—',
          },
          { key: 'intention', label: t('person.intention'), children: r.intention ? label('intention', r.intention) : '—' },
          { key: 'skills', label: t('person.skills'), children: r.skills.length ? r.skills.join('、') : '—' },
          {
            key: 'marks',
            label: t('persons.col.marks'),
            children: r.marks.length ? r.marks.map((m) => <Tag key={m}>{label('mark', m)}</Tag>) : '—',
          },
          {
            key: 'ui',
            label: t('reg.uiBenefit'),
            children:
              r.uiBenefit.eligible === null
                ? '—'
                : `${label('tri', r.uiBenefit.eligible)}${r.uiBenefit.maxMonths ? ` · ${t('reg.uiMonths', { months: r.uiBenefit.maxMonths })}` : ''}`,
          },
          {
            key: 'commitment',
            label: t('reg.commitment'),
            children: r.commitment ? t('reg.commitmentSigned', { version: r.commitment.version, at: r.commitment.signedAt.slice(0, 16).replace('T', ' ') }) : '—',
          },
          {
            key: 'decision',
            label: t('reg.decisionDeadline'),
            children: r.deadlines.decision
              ? `${r.deadlines.decision}${r.deadlines.decisionMet === true ? ` · ${t('reg.met')}` : r.deadlines.decisionMet === false ? ` · ${t('reg.missed')}` : ''}`
              : '—',
          },
          {
            key: 'firstContact',
            label: t('reg.firstContactDeadline'),
            children: (
              <span data-testid="first-contact-deadline">
                {r.deadlines.firstContact ?? '—'}
                {r.firstContact ? ` · ${t('reg.contactedOn', { on: r.firstContact.on })}` : ''}
              </span>
            ),
          },
          ...(r.deregistration
            ? [
                {
                  key: 'dereg',
                  label: t('reg.deregistered'),
                  children: `${r.cancelledOn ?? ''} · ${label('deregReason', r.deregistration.reason)}${r.deregistration.source ? `（${r.deregistration.source}）` : ''}`,
                },
              ]
            : []),
        ]}
      />
      {r.deadlines.explanations.length > 0 && <ExplanationList items={r.deadlines.explanations} />}
      {certificateUrl && r.kind === 'unemployment' && (
        <div>
          <Button icon={<FilePdfOutlined />} href={certificateUrl} target="_blank" data-testid="certificate-link">
            {t('reg.certificate')}
          </Button>
        </div>
      )}
    </Flex>
  );
}

/** The person's registration periods and employment registrations, with the actions a front-desk role has. */
export function RegistrationsTab({ personId, writable, onChanged }: { personId: string; writable: boolean; onChanged: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [regs, retry] = useApi((signal) => registrations.forPerson(personId, signal), [personId]);
  const [jobs, retryJobs] = useApi((signal) => registrations.employmentsFor(personId, signal), [personId]);
  const [deregistering, setDeregistering] = useState<Registration | null>(null);
  const [contacting, setContacting] = useState<Registration | null>(null);
  const [employing, setEmploying] = useState(false);

  const refresh = () => {
    retry();
    retryJobs();
    onChanged();
  };

  if (regs.state === 'loading') return <Loading />;
  if (regs.state === 'error') return <ErrorView error={regs.error} onRetry={retry} />;
  const items = regs.data.items;
  const active = items.some((r) => r.state === 'active');

  return (
    <Flex vertical gap={12}>
      {writable && (
        <Flex gap={8} wrap>
          {!active && (
            <Link to={`/persons/${encodeURIComponent(personId)}/register`}>
              <Button type="primary" data-testid="register-button">
                {t('reg.new')}
              </Button>
            </Link>
          )}
          <Button onClick={() => setEmploying(true)} data-testid="employment-button">
            {t('employment.title')}
          </Button>
        </Flex>
      )}
      {items.length === 0 && <Empty description={t('reg.none')} />}
      {items.map((r) => (
        <Card
          key={r.id}
          size="small"
          data-testid="registration-card"
          title={`${label('regKind', r.kind)} ${r.registrationNo ?? ''}${r.period ? ` · ${t('reg.period', { period: r.period })}` : ''}`}
          extra={
            writable && r.state === 'active' ? (
              <Flex gap={8} wrap>
                {!r.firstContact && r.deadlines.firstContact && (
                  <Button size="small" onClick={() => setContacting(r)}>
                    {t('worklist.recordContact')}
                  </Button>
                )}
                <Button size="small" danger onClick={() => setDeregistering(r)} data-testid="deregister-button">
                  {t('dereg.button')}
                </Button>
              </Flex>
            ) : undefined
          }
        >
          <RegistrationDetails r={r} certificateUrl={registrations.certificateUrl(r.id)} />
        </Card>
      ))}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('employment.list')}
      </Typography.Title>
      {jobs.state === 'error' ? (
        <ErrorView error={jobs.error} onRetry={retryJobs} />
      ) : (
        <Table<Employment>
          size="small"
          rowKey="id"
          pagination={false}
          loading={jobs.state === 'loading'}
          dataSource={jobs.state === 'ready' ? jobs.data.items : []}
          locale={{ emptyText: t('common.none') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'employer', title: t('employment.employer'), dataIndex: 'employerName' },
            { key: 'startedOn', title: t('employment.startedOn'), dataIndex: 'startedOn' },
            { key: 'type', title: t('employment.type'), render: (_, e) => label('employmentType', e.type) },
            {
              key: 'ended',
              title: t('employment.ended'),
              render: (_, e) => (e.endedRegistration ? `${e.endedRegistration.registrationNo ?? ''}（${label('deregReason', e.endedRegistration.reason)}）` : '—'),
            },
          ]}
        />
      )}
      {deregistering && (
        <DeregisterDialog
          registration={deregistering}
          open
          onClose={() => setDeregistering(null)}
          onDone={(d) => {
            setDeregistering(null);
            void message.success(t('dereg.done', { notices: d.notifications.length }));
            refresh();
          }}
        />
      )}
      {contacting && (
        <FirstContactDialog
          registration={contacting}
          open
          onClose={() => setContacting(null)}
          onDone={() => {
            setContacting(null);
            void message.success(t('common.saved'));
            refresh();
          }}
        />
      )}
      <EmploymentDialog
        personId={personId}
        open={employing}
        onClose={() => setEmploying(false)}
        onDone={(e) => {
          setEmploying(false);
          void message.success(e.endedRegistration ? t('employment.doneEnded', { no: e.endedRegistration.registrationNo ?? '' }) : t('common.saved'));
          refresh();
        }}
      />
    </Flex>
  );
}
