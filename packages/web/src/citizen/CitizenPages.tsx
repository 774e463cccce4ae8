import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Empty, Flex, List, Tag, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { citizen } from '../api/endpoints.ts';
import type { CitizenStatus, Registration, RegistrationCreated } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';
import { EligibilityView, RegistrationForm } from '../components/registration/RegistrationForm.tsx';
import { formatTime } from '../lib/dates.ts';

function CertificateButton({ r }: { r: Registration }) {
  const { t } = useI18n();
  if (r.kind !== 'unemployment') return null;
  return (
    <Button type="primary" size="large" block icon={<FilePdfOutlined />} href={citizen.certificateUrl(r.id)} target="_blank" data-testid="certificate-link">
      {t('reg.certificate')}
    </Button>
  );
}

/** A registration as a citizen reads it: number, kind, state, dates and what happens next. */
function RegistrationSummary({ r }: { r: Registration }) {
  const { t, label } = useI18n();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'no', label: t('reg.no'), children: <span data-testid="registration-no">{r.registrationNo ?? '—'}</span> },
        {
          key: 'kind',
          label: t('reg.kind'),
          children: (
            <Flex gap={4} wrap>
              <Tag color="blue">{label('regKind', r.kind)}</Tag>
              <Tag color={r.state === 'active' ? 'green' : 'default'}>{label('regState', r.state)}</Tag>
            </Flex>
          ),
        },
        { key: 'registeredOn', label: t('reg.registeredOn'), children: r.registeredOn },
        { key: 'placeBasis', label: t('reg.placeBasis'), children: label('placeBasis', r.placeBasis) },
        {
          key: 'contact',
          label: t('citizen.contactBy'),
          children: r.firstContact ? t('reg.contactedOn', { on: r.firstContact.on }) : (r.deadlines.firstContact ?? '—'),
        },
        ...(r.cancelledOn ? [{ key: 'cancelled', label: t('reg.deregistered'), children: `${r.cancelledOn} · ${label('deregReason', r.deregistration?.reason ?? '')}` }] : []),
      ]}
    />
  );
}

/** 在线办理失业登记 with the written commitment; `?office=` records the office the QR code came from. */
export function CitizenRegisterPage() {
  const { t, label } = useI18n();
  const [params] = useSearchParams();
  const office = params.get('office') ?? undefined;
  const [status, retry] = useApi((signal) => citizen.status(signal), []);
  const [created, setCreated] = useState<RegistrationCreated | null>(null);

  if (status.state === 'loading') return <Loading />;
  if (status.state === 'error') return <ErrorView error={status.error} onRetry={retry} />;
  const s = status.data;

  if (created) {
    const r = created.registration;
    return (
      <Card>
        <Flex vertical gap={12}>
          <Alert
            type={created.offeredInstead ? 'info' : 'success'}
            showIcon
            data-testid="citizen-registered"
            title={t('reg.done', { kind: label('regKind', r.kind), no: r.registrationNo ?? '' })}
            description={created.offeredInstead ? t('reg.doneInstead') : t('citizen.nextSteps', { date: r.deadlines.firstContact ?? '—' })}
          />
          {created.offeredInstead && <EligibilityView e={created.eligibility} />}
          <RegistrationSummary r={r} />
          <CertificateButton r={r} />
          <Link to="/citizen/status">
            <Button block size="large">
              {t('citizen.tab.status')}
            </Button>
          </Link>
        </Flex>
      </Card>
    );
  }

  if (s.activeRegistration) {
    return (
      <Card title={t('citizen.alreadyRegistered')}>
        <Flex vertical gap={12}>
          <RegistrationSummary r={s.activeRegistration} />
          <CertificateButton r={s.activeRegistration} />
        </Flex>
      </Card>
    );
  }

  return (
    <Card title={t('citizen.registerOnline')}>
      <Typography.Paragraph type="secondary">{t('citizen.registerIntro', { name: s.person.name, place: s.person.jurisdiction.name })}</Typography.Paragraph>
      <RegistrationForm
        compact
        commitment={s.commitment}
        submit={async (facts, version) => {
          const r = await citizen.register({ ...facts, commitment: { version }, ...(office ? { officeId: office } : {}) });
          setCreated(r);
          return r;
        }}
      />
    </Card>
  );
}

/** 我的状态: registration, tier and service level with their clauses, caseworker and office, notices. */
export function CitizenStatusPage() {
  const { t, label, language } = useI18n();
  const [status, retry] = useApi((signal) => citizen.status(signal), []);
  if (status.state === 'loading') return <Loading />;
  if (status.state === 'error') return <ErrorView error={status.error} onRetry={retry} />;
  const s: CitizenStatus = status.data;
  const explained = (e: { text: string; textEn: string; source: string } | null) =>
    e ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {language === 'en-US' ? e.textEn : e.text} <Tag color="geekblue">{e.source}</Tag>
      </Typography.Text>
    ) : null;

  return (
    <Flex vertical gap={12}>
      <Card size="small" title={s.person.name}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'id', label: t('citizen.idNumber'), children: s.person.idNumberMasked },
            { key: 'phone', label: t('persons.col.phone'), children: s.person.phoneMasked ?? '—' },
            { key: 'place', label: t('persons.col.jurisdiction'), children: s.person.jurisdiction.name },
            { key: 'status', label: t('person.employmentStatus'), children: label('employmentStatus', s.person.employmentStatus) },
            ...(s.person.marks.length ? [{ key: 'marks', label: t('persons.col.marks'), children: s.person.marks.map((m) => <Tag key={m}>{label('mark', m)}</Tag>) }] : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('citizen.registration')} data-testid="citizen-registration">
        {s.activeRegistration ? (
          <Flex vertical gap={8}>
            <RegistrationSummary r={s.activeRegistration} />
            {s.tier && (
              <Flex vertical>
                <Typography.Text data-testid="citizen-tier">
                  {t('citizen.tier', { tier: label('tier', s.tier.code), months: s.tier.months })}
                </Typography.Text>
                {explained(s.tier.explanation)}
              </Flex>
            )}
            {s.level && (
              <Flex vertical>
                <Typography.Text data-testid="citizen-level">
                  {t('citizen.level', { level: label('serviceLevel', s.level.code), deadline: s.level.deadline ?? '—' })}
                </Typography.Text>
                {explained(s.level.explanation)}
              </Flex>
            )}
            <CertificateButton r={s.activeRegistration} />
          </Flex>
        ) : (
          <Flex vertical gap={8}>
            <Empty description={t('citizen.notRegistered')} />
            <Link to="/citizen/register">
              <Button type="primary" block size="large">
                {t('citizen.registerOnline')}
              </Button>
            </Link>
          </Flex>
        )}
      </Card>
      <Card size="small" title={t('citizen.service')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'caseworker', label: t('reg.caseworker'), children: <span data-testid="citizen-caseworker">{s.caseworker?.displayName ?? '—'}</span> },
            { key: 'office', label: t('reg.office'), children: <span data-testid="citizen-office">{s.office?.name ?? '—'}</span> },
            { key: 'address', label: t('person.address'), children: s.office?.address ?? '—' },
            {
              key: 'phone',
              label: t('offices.phone'),
              children: s.office ? <Typography.Link href={`tel:${s.office.phone}`}>{s.office.phone}</Typography.Link> : '—',
            },
          ]}
        />
      </Card>
      {s.notifications.length > 0 && (
        <Card size="small" title={t('citizen.notices')}>
          <List
            size="small"
            dataSource={s.notifications}
            renderItem={(n) => (
              <List.Item>
                <Flex vertical>
                  <span>{language === 'en-US' ? n.textEn : n.text}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(n.createdAt, language)}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Flex>
  );
}

/** 我的登记证明: the certificate of each unemployment registration period. */
export function CitizenCertificatePage() {
  const { t } = useI18n();
  const [status, retry] = useApi((signal) => citizen.status(signal), []);
  if (status.state === 'loading') return <Loading />;
  if (status.state === 'error') return <ErrorView error={status.error} onRetry={retry} />;
  const regs = status.data.registrations.filter((r) => r.kind === 'unemployment');
  if (regs.length === 0) return <Card><Empty description={t('citizen.noCertificate')} /></Card>;
  return (
    <Flex vertical gap={12}>
      {regs.map((r) => (
        <Card key={r.id} size="small" title={t('reg.certificate')}>
          <Flex vertical gap={8}>
            <RegistrationSummary r={r} />
            <CertificateButton r={r} />
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
