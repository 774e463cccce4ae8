import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Flex, Result, Typography } from 'antd';
import { persons, registrations } from '../api/endpoints.ts';
import type { RegistrationCreated } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';
import { EligibilityView, RegistrationForm } from '../components/registration/RegistrationForm.tsx';
import { RegistrationDetails } from './person/RegistrationsTab.tsx';

/** The outcome of a registration: the number, what was registered (and why, if job seeking instead), deadlines. */
export function RegistrationDone({ created, certificateUrl, extra }: { created: RegistrationCreated; certificateUrl: string; extra?: ReactNode }) {
  const { t, label } = useI18n();
  const r = created.registration;
  return (
    <Flex vertical gap={12}>
      <Result
        status={created.offeredInstead ? 'info' : 'success'}
        title={t('reg.done', { kind: label('regKind', r.kind), no: r.registrationNo ?? '' })}
        subTitle={created.offeredInstead ? t('reg.doneInstead') : undefined}
        extra={extra}
        style={{ padding: '16px 0' }}
      />
      {created.offeredInstead && <EligibilityView e={created.eligibility} />}
      <RegistrationDetails r={r} certificateUrl={certificateUrl} />
    </Flex>
  );
}

/** 办理失业登记 at the counter for a person file (caseworker or operator). */
export function RegisterPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const [file, retryFile] = useApi((signal) => persons.file(id, undefined, signal), [id]);
  const [commitment, retryCommitment] = useApi((signal) => registrations.commitment(signal), []);
  const [created, setCreated] = useState<RegistrationCreated | null>(null);

  if (file.state === 'loading' || commitment.state === 'loading') return <Loading />;
  if (file.state === 'error') return <ErrorView error={file.error} onRetry={retryFile} />;
  if (commitment.state === 'error') return <ErrorView error={commitment.error} onRetry={retryCommitment} />;
  const back = `/persons/${encodeURIComponent(id)}?tab=registrations`;

  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('reg.new')}</span>
          <Typography.Text strong>{file.data.name}</Typography.Text>
          <Typography.Text type="secondary">{file.data.idNumberMasked}</Typography.Text>
        </Flex>
      }
      extra={<Link to={back}>{t('common.back')}</Link>}
    >
      {created ? (
        <RegistrationDone
          created={created}
          certificateUrl={registrations.certificateUrl(created.registration.id)}
          extra={
            <Link to={back}>
              <Button type="primary">{t('reg.backToFile')}</Button>
            </Link>
          }
        />
      ) : (
        <RegistrationForm
          commitment={commitment.data.current}
          checkEligibility={(facts) => registrations.eligibility(id, facts)}
          submit={async (facts, version) => {
            const r = await registrations.register(id, { ...facts, commitment: { version } });
            setCreated(r);
            return r;
          }}
        />
      )}
    </Card>
  );
}
