import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Flex, Layout, Result, Segmented, Typography, theme } from 'antd';
import { CheckCircleOutlined, FileDoneOutlined, FormOutlined, LogoutOutlined, ShopOutlined, SolutionOutlined } from '@ant-design/icons';
import { useI18n } from '../locales/i18n.tsx';
import { useSession } from '../state/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Loading } from '../components/Loading.tsx';

/** Phone-first frame of the citizen portal: one column, no admin menu, a tab bar once signed in. */
export function CitizenLayout() {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const signedIn = user?.role === 'citizen';
  const tabs = [
    { value: '/citizen/status', label: t('citizen.tab.status'), icon: <SolutionOutlined /> },
    { value: '/citizen/register', label: t('citizen.tab.register'), icon: <FormOutlined /> },
    { value: '/citizen/certificate', label: t('citizen.tab.certificate'), icon: <FileDoneOutlined /> },
    { value: '/citizen/jobs', label: t('citizen.tab.jobs'), icon: <ShopOutlined /> },
    { value: '/citizen/report', label: t('citizen.tab.report'), icon: <CheckCircleOutlined /> },
    { value: '/citizen/policies', label: t('policy.forMe'), icon: <FileDoneOutlined /> },
  ];
  const activeTab = tabs.find((x) => location.pathname.startsWith(x.value))?.value;

  return (
    <Layout style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Layout.Header
        style={{ background: token.colorPrimary, paddingInline: 12, height: 'auto', lineHeight: 'normal' }}
      >
        <Flex align="center" justify="space-between" gap={8} style={{ maxWidth: 480, margin: '0 auto', minHeight: 52 }}>
          <Link to="/citizen" style={{ color: '#fff' }}>
            <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>
              {t('citizen.brand')}
            </Typography.Text>
          </Link>
          <Flex align="center" gap={8}>
            <LanguageSwitch />
            {signedIn && (
              <Button
                size="small"
                icon={<LogoutOutlined />}
                aria-label={t('header.logout')}
                onClick={() => void logout().finally(() => navigate('/citizen', { replace: true }))}
              >
                <span data-testid="citizen-name">{user.displayName}</span>
              </Button>
            )}
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <div style={{ maxWidth: 480, margin: '0 auto' }}>
          {signedIn && (
            <Segmented
              block
              value={activeTab}
              options={tabs}
              onChange={(v) => navigate(v)}
              style={{ marginBottom: 12 }}
              data-testid="citizen-tabs"
            />
          )}
          <Outlet />
        </div>
      </Layout.Content>
    </Layout>
  );
}

/** Pages for a signed-in citizen; others are sent to sign in (and come back here afterwards). */
export function RequireCitizen({ children }: { children: ReactNode }) {
  const { status, user } = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (status === 'loading') return <Loading />;
  if (!user) return <Navigate to={`/citizen/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (user.role !== 'citizen') {
    return (
      <Result
        status="info"
        title={t('citizen.staffOnly')}
        extra={
          <Link to="/">
            <Button type="primary">{t('citizen.toConsole')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
