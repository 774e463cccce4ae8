import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { landingPath } from '../access.ts';
import { errorMessage } from '../api/client.ts';
import { safeNext } from '../navigation.ts';
import { useT } from '../locales/i18n.tsx';
import { useSession } from '../state/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

interface Values {
  username: string;
  password: string;
}

export function LoginPage() {
  const t = useT();
  const { status, user, login, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (status === 'authenticated' && user) return <Navigate to={next ?? landingPath(user.role)} replace />;

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await login(values.username.trim(), values.password);
      navigate(next ?? landingPath(me.role), { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f7fa' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </Flex>
        {expired && !error && (
          <Alert type="warning" showIcon title={t('error.sessionExpired')} style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<Values> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
