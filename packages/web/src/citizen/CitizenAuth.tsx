import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { citizen } from '../api/endpoints.ts';
import { errorMessage } from '../api/client.ts';
import { safeNext } from '../navigation.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useSession } from '../state/session.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { useApi } from '../components/useApi.ts';
import { showFieldErrors } from '../lib/form-errors.ts';
import { ResidencePicker } from './ResidencePicker.tsx';

interface SignupValues {
  idNumber: string;
  name: string;
  phone: string;
  password: string;
  confirm: string;
  residenceCode?: string;
  activationCode?: string;
}

const SIGNUP_FIELDS = ['idNumber', 'name', 'phone', 'password', 'residenceCode', 'activationCode'];

/** The office a visitor came from: `?office=`, or inside `?next=` when a portal page sent them to sign in. */
export function officeOf(params: URLSearchParams): string | null {
  const direct = params.get('office');
  if (direct) return direct;
  const next = params.get('next');
  const query = next?.split('?')[1];
  return query ? new URLSearchParams(query).get('office') : null;
}

/** Where to go after signing in: `next` when it is a portal page, else the status page. */
function afterSignIn(next: string | null, office: string | null): string {
  const safe = safeNext(next);
  if (safe?.startsWith('/citizen')) return safe;
  return office ? `/citizen/register?office=${encodeURIComponent(office)}` : '/citizen/status';
}

/** The landing page: what the portal offers, and the two ways in. */
export function CitizenWelcome() {
  const { t } = useI18n();
  const { user } = useSession();
  const [params] = useSearchParams();
  if (user?.role === 'citizen') return <Navigate to="/citizen/status" replace />;
  const qs = params.toString() ? `?${params.toString()}` : '';
  return (
    <Card>
      <Flex vertical gap={16}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('citizen.welcome')}
        </Typography.Title>
        <Typography.Paragraph style={{ margin: 0 }}>{t('citizen.welcomeText')}</Typography.Paragraph>
        <Link to={`/citizen/signup${qs}`}>
          <Button type="primary" size="large" block>
            {t('citizen.signup')}
          </Button>
        </Link>
        <Link to={`/citizen/login${qs}`}>
          <Button size="large" block>
            {t('citizen.login')}
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}

/** 注册账户: ID number, name, phone and password; a first-time user also picks the residence community. */
export function CitizenSignup() {
  const { t } = useI18n();
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const office = officeOf(params);
  const [form] = Form.useForm<SignupValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Arriving from an office's QR code, a community office's own division is the likely residence.
  const [officeInfo] = useApi((signal) => (office ? citizen.office(office, signal) : Promise.resolve(null)), [office]);
  const suggested = officeInfo.state === 'ready' && officeInfo.data?.level === 'village' ? officeInfo.data.jurisdiction.code : undefined;
  useEffect(() => {
    if (suggested && !form.getFieldValue('residenceCode')) form.setFieldValue('residenceCode', suggested);
  }, [suggested, form]);

  const submit = async (v: SignupValues) => {
    setBusy(true);
    setError(null);
    try {
      const session = await citizen.signup({
        idNumber: v.idNumber.trim(),
        name: v.name.trim(),
        phone: v.phone.trim(),
        password: v.password,
        ...(v.residenceCode?.trim() ? { residenceCode: v.residenceCode.trim() } : {}),
        ...(v.activationCode?.trim() ? { activationCode: v.activationCode.trim() } : {}),
      });
      adopt(session);
      navigate(afterSignIn(params.get('next'), office), { replace: true });
    } catch (err) {
      const rest = showFieldErrors(form, err, SIGNUP_FIELDS);
      setError(rest.length ? rest.join('；') : null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('citizen.signup')}>
      {officeInfo.state === 'ready' && officeInfo.data && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('citizen.viaOffice', { name: officeInfo.data.name })} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="signup-error" />}
      <Form<SignupValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="idNumber" label={t('citizen.idNumber')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={18} autoComplete="off" inputMode="text" data-testid="signup-id" />
        </Form.Item>
        <Form.Item name="name" label={t('persons.col.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={40} autoComplete="name" data-testid="signup-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('persons.col.phone')} rules={[{ required: true, pattern: /^1\d{10}$/, message: t('citizen.phoneInvalid') }]}>
          <Input maxLength={11} inputMode="tel" autoComplete="tel" data-testid="signup-phone" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          extra={t('citizen.passwordRule')}
          rules={[
            { required: true, message: t('password.required') },
            // Same rule as the server: at least 8 characters with a letter and a digit.
            { pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,}$/, message: t('citizen.passwordRule') },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="signup-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('citizen.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, v: string) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="signup-confirm" />
        </Form.Item>
        {/* The office's second factor: binding to a file the office holds needs the code it handed over in person. */}
        <Form.Item name="activationCode" label={t('citizen.activationCode')} extra={t('citizen.activationHint')}>
          <Input maxLength={20} autoComplete="one-time-code" placeholder="XXXX-XXXX" data-testid="signup-activation-code" />
        </Form.Item>
        <Form.Item name="residenceCode" label={t('citizen.residenceCode')} extra={t('citizen.residenceHint')}>
          <ResidencePicker testId="signup-residence" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="signup-submit">
          {t('citizen.signupSubmit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
        {t('citizen.haveAccount')} <Link to={`/citizen/login${params.size ? `?${params.toString()}` : ''}`}>{t('citizen.login')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}

/** 登录: by ID number and password. */
export function CitizenLogin() {
  const { t } = useI18n();
  const { adopt, user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const office = officeOf(params);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (user?.role === 'citizen') return <Navigate to={afterSignIn(params.get('next'), office)} replace />;

  const submit = async (v: { idNumber: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      adopt(await citizen.login(v.idNumber.trim(), v.password));
      navigate(afterSignIn(params.get('next'), office), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('citizen.login')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="citizen-login-error" />}
      <Form layout="vertical" onFinish={(v: { idNumber: string; password: string }) => void submit(v)} requiredMark={false}>
        <Form.Item name="idNumber" label={t('citizen.idNumber')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={18} autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
        {t('citizen.noAccount')} <Link to={`/citizen/signup${params.size ? `?${params.toString()}` : ''}`}>{t('citizen.signup')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}

/** An office's public card, the landing page of its QR code. */
export function CitizenOfficePage({ id }: { id: string }) {
  const { t } = useI18n();
  const [result, retry] = useApi((signal) => citizen.office(id, signal), [id]);
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  if (result.state === 'loading') return null;
  const o = result.data;
  return (
    <Card title={o.name}>
      <Flex vertical gap={8}>
        <Typography.Text>{o.address}</Typography.Text>
        <Typography.Link href={`tel:${o.phone}`}>{o.phone}</Typography.Link>
        <Link to={`/citizen/register?office=${encodeURIComponent(o.id)}`}>
          <Button type="primary" size="large" block>
            {t('citizen.registerOnline')}
          </Button>
        </Link>
      </Flex>
    </Card>
  );
}
