import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Dropdown, Flex, Grid, Layout, Menu, Tag, Typography, theme } from 'antd';
import {
  AuditOutlined,
  ShopOutlined,
  ProfileOutlined,
  AccountBookOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  HomeFilled,
  SolutionOutlined,
  DiffOutlined,
  MessageOutlined,
  FundOutlined,
  BankOutlined,
  CloudUploadOutlined,
  DownOutlined,
  ScheduleOutlined,
  ExperimentOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { landingPath, menuFor, menuKeyForPath, usesJurisdictionPicker, type MenuEntry } from '../access.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useSession, useUser } from '../state/session.tsx';
import { JurisdictionPicker } from '../components/JurisdictionPicker.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PasswordModal } from '../components/PasswordModal.tsx';

const ICONS: Record<MenuEntry['key'], ReactNode> = {
  home: <HomeOutlined />,
  myFile: <UserOutlined />,
  persons: <TeamOutlined />,
  worklist: <ScheduleOutlined />,
  imports: <CloudUploadOutlined />,
  offices: <BankOutlined />,
  evaluate: <ExperimentOutlined />,
  audit: <AuditOutlined />,
  assistance: <SafetyCertificateOutlined />,
  zeroEmployment: <HomeFilled />,
  posts: <SolutionOutlined />,
  postings: <ProfileOutlined />,
  employers: <ShopOutlined />,
  compliance: <FundOutlined />,
  comparison: <DiffOutlined />,
  messages: <MessageOutlined />,
  policies: <ReadOutlined />,
  subsidies: <AccountBookOutlined />,
};

/**
 * The signed-in frame: side menu by role (a drawer-like collapsed menu on phones), a header with the user, their
 * role and jurisdiction, the jurisdiction picker, the language switch, password change and logout.
 */
export function BasicLayout() {
  const user = useUser();
  const { logout } = useSession();
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measurement `screens` is empty; treat that as wide so the menu does not flash collapsed.
  const narrow = screens.md === false;
  const [collapsed, setCollapsed] = useState(true);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const { token } = theme.useToken();

  const entries = menuFor(user.role);
  const selected = menuKeyForPath(location.pathname);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((e) => ({ key: e.key, icon: ICONS[e.key], label: t(e.label) }))}
      onClick={({ key }) => {
        const entry = entries.find((e) => e.key === key);
        if (entry) navigate(entry.path);
        if (narrow) setCollapsed(true);
      }}
    />
  );

  const userMenu = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('header.password') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'logout') void logout().finally(() => navigate('/login', { replace: true }));
    },
  };

  const brand = (
    <Typography.Link
      strong
      style={{ fontSize: 18, whiteSpace: 'nowrap' }}
      onClick={() => navigate(landingPath(user.role))}
    >
      {t('app.title')}
    </Typography.Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="md"
        collapsedWidth={0}
        collapsed={narrow ? collapsed : false}
        onCollapse={setCollapsed}
        trigger={null}
        width={200}
        theme="light"
        style={narrow ? { position: 'fixed', zIndex: 20, height: '100vh', left: 0, top: 0 } : undefined}
      >
        <Flex align="center" style={{ height: 56, paddingInline: 24 }}>
          {brand}
        </Flex>
        {menu}
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: narrow ? 12 : 24,
            height: 'auto',
            lineHeight: 'normal',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex align="center" justify="space-between" wrap gap={8} style={{ minHeight: 56, paddingBlock: 8 }}>
            <Flex align="center" gap={8} wrap>
              {narrow && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label="menu"
                  onClick={() => setCollapsed((c) => !c)}
                />
              )}
              {narrow && brand}
              {usesJurisdictionPicker(user.role) && !narrow && <JurisdictionPicker />}
            </Flex>
            <Flex align="center" gap={12} wrap>
              <LanguageSwitch />
              <Dropdown menu={userMenu} trigger={['click']}>
                <Button type="text" data-testid="user-menu">
                  <Flex align="center" gap={6}>
                    <UserOutlined />
                    <span data-testid="user-name">{user.displayName}</span>
                    {!narrow && <Tag color="blue">{label('role', user.role)}</Tag>}
                    {!narrow && (
                      <Typography.Text type="secondary" data-testid="user-jurisdiction">
                        {user.jurisdiction.name}
                      </Typography.Text>
                    )}
                    <DownOutlined style={{ fontSize: 10 }} />
                  </Flex>
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
          {usesJurisdictionPicker(user.role) && narrow && (
            <div style={{ paddingBottom: 8 }}>
              <JurisdictionPicker width="100%" />
            </div>
          )}
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <PasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
