import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { landingPath } from './access.ts';
import { I18nProvider, useI18n } from './locales/i18n.tsx';
import { SessionProvider, useSession } from './state/session.tsx';
import { JurisdictionProvider } from './state/jurisdiction.tsx';
import { BasicLayout } from './layouts/BasicLayout.tsx';
import { Guard } from './components/Guard.tsx';
import { Loading } from './components/Loading.tsx';
import { PageNotFound } from './components/NotPermitted.tsx';
import { errorMessage } from './api/client.ts';
import { LoginPage } from './pages/Login.tsx';
import { HomePage } from './pages/Home.tsx';
import { PersonListPage } from './pages/PersonList.tsx';
import { PersonDetailPage } from './pages/PersonDetail.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { EvaluatePage } from './pages/Evaluate.tsx';
import { MyFilePage } from './pages/MyFile.tsx';

/** Everything behind login: sends anonymous visitors to /login, remembering where they wanted to go. */
function Authenticated() {
  const { status, user, loadError, reload } = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (status === 'loading') return <Loading />;
  if (loadError && status === 'anonymous') {
    return (
      <Result
        status="warning"
        title={errorMessage(loadError)}
        extra={<Button onClick={reload}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    // Keyed by user so another login starts with a fresh jurisdiction pick.
    <JurisdictionProvider key={user.id} user={user}>
      <BasicLayout />
    </JurisdictionProvider>
  );
}

function HomeOrLanding() {
  const { user } = useSession();
  if (user && landingPath(user.role) !== '/') return <Navigate to={landingPath(user.role)} replace />;
  return (
    <Guard page="home">
      <HomePage />
    </Guard>
  );
}

function AppRoutes() {
  const { status } = useSession();
  return (
    <Routes>
      <Route path="/login" element={status === 'loading' ? <Loading /> : <LoginPage />} />
      <Route element={<Authenticated />}>
        <Route index element={<HomeOrLanding />} />
        <Route
          path="persons"
          element={
            <Guard page="persons">
              <PersonListPage />
            </Guard>
          }
        />
        <Route
          path="persons/:id"
          element={
            <Guard page="person">
              <PersonDetailPage />
            </Guard>
          }
        />
        <Route
          path="audit"
          element={
            <Guard page="audit">
              <AuditPage />
            </Guard>
          }
        />
        <Route
          path="evaluate"
          element={
            <Guard page="evaluate">
              <EvaluatePage />
            </Guard>
          }
        />
        <Route
          path="me"
          element={
            <Guard page="myFile">
              <MyFilePage />
            </Guard>
          }
        />
        <Route path="*" element={<PageNotFound />} />
      </Route>
    </Routes>
  );
}

function Themed() {
  const { language } = useI18n();
  return (
    <ConfigProvider
      locale={language === 'en-US' ? enUS : zhCN}
      // antd would render two-character labels as "登 录"; plain text keeps buttons findable and reads naturally.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
