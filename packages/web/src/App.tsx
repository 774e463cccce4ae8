import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useParams } from 'react-router-dom';
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
import { PersonFilePage } from './pages/person/PersonFilePage.tsx';
import { PersonCreatePage } from './pages/person/PersonCreatePage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { WorklistPage } from './pages/WorklistPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { OfficeQrPage, OfficesPage } from './pages/OfficesPage.tsx';
import { CitizenLayout, RequireCitizen } from './citizen/CitizenLayout.tsx';
import { CitizenLogin, CitizenOfficePage, CitizenSignup, CitizenWelcome } from './citizen/CitizenAuth.tsx';
import { CitizenCertificatePage, CitizenRegisterPage, CitizenStatusPage } from './citizen/CitizenPages.tsx';
import { CitizenJobsPage } from './citizen/CitizenJobsPage.tsx';
import { CitizenReportPage } from './citizen/CitizenReportPage.tsx';
import { EmployerPage, EmployersPage } from './pages/jobs/EmployersPage.tsx';
import { PostingsPage } from './pages/jobs/PostingsPage.tsx';
import { PostingPage } from './pages/jobs/PostingPage.tsx';
import { pathFromHash } from './navigation.ts';
import { AuditPage } from './pages/Audit.tsx';
import { EvaluatePage } from './pages/Evaluate.tsx';
import { MyFilePage } from './pages/MyFile.tsx';
import { AssistancePage } from './pages/assistance/AssistancePage.tsx';
import { ApplicationPage } from './pages/assistance/ApplicationPage.tsx';
import { ApplyPage } from './pages/assistance/ApplyPage.tsx';
import { PlanPage } from './pages/assistance/PlanPage.tsx';
import { PersonReferralsPage } from './pages/referrals/PersonReferralsPage.tsx';
import { ZeroEmploymentPage } from './pages/assistance/ZeroEmploymentPage.tsx';
import { PostsPage } from './pages/posts/PostsPage.tsx';
import { PostPage } from './pages/posts/PostPage.tsx';
import { PoliciesPage, PolicyPage } from './pages/policies/PoliciesPage.tsx';
import { SubsidiesPage } from './pages/policies/SubsidiesPage.tsx';
import { CitizenPoliciesPage } from './citizen/CitizenPolicies.tsx';
import { CompliancePage } from './pages/compliance/CompliancePage.tsx';
import { ComparisonPage } from './pages/comparison/ComparisonPage.tsx';
import { MessagesPage } from './pages/messages/MessagesPage.tsx';

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

/**
 * Office QR codes print hash-routed links (`/#/citizen/register?office=…`). Rewrite them to the real path before
 * the router first renders: doing it in an effect raced the console's own redirect of `/` to `/login`.
 */
function adoptHashLink(): void {
  const path = pathFromHash(window.location.hash);
  if (path) window.history.replaceState(window.history.state, '', path);
}

function CitizenOfficeRoute() {
  const { id = '' } = useParams();
  return <CitizenOfficePage id={id} />;
}

const guarded = (page: Parameters<typeof Guard>[0]['page'], element: ReactNode) => <Guard page={page}>{element}</Guard>;

function AppRoutes() {
  const { status } = useSession();
  return (
    <Routes>
      <Route path="/login" element={status === 'loading' ? <Loading /> : <LoginPage />} />
      {/* The citizen portal: its own phone-sized frame, reachable without the console's login. */}
      <Route path="/citizen" element={<CitizenLayout />}>
        <Route index element={status === 'loading' ? <Loading /> : <CitizenWelcome />} />
        <Route path="signup" element={<CitizenSignup />} />
        <Route path="login" element={status === 'loading' ? <Loading /> : <CitizenLogin />} />
        <Route path="offices/:id" element={<CitizenOfficeRoute />} />
        <Route path="register" element={<RequireCitizen><CitizenRegisterPage /></RequireCitizen>} />
        <Route path="status" element={<RequireCitizen><CitizenStatusPage /></RequireCitizen>} />
        <Route path="certificate" element={<RequireCitizen><CitizenCertificatePage /></RequireCitizen>} />
        <Route path="jobs" element={<RequireCitizen><CitizenJobsPage /></RequireCitizen>} />
        <Route path="report" element={<RequireCitizen><CitizenReportPage /></RequireCitizen>} />
        <Route path="policies" element={<RequireCitizen><CitizenPoliciesPage /></RequireCitizen>} />
        <Route path="*" element={<PageNotFound />} />
      </Route>
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
        <Route path="persons/new" element={guarded('personNew', <PersonCreatePage />)} />
        <Route path="persons/:id" element={guarded('person', <PersonFilePage />)} />
        <Route path="persons/:id/register" element={guarded('register', <RegisterPage />)} />
        <Route path="worklist" element={guarded('worklist', <WorklistPage />)} />
        <Route path="imports" element={guarded('imports', <ImportPage />)} />
        <Route path="assistance" element={guarded('assistance', <AssistancePage />)} />
        <Route path="assistance/apply/:id" element={guarded('assistance', <ApplyPage />)} />
        <Route path="assistance/applications/:id" element={guarded('assistance', <ApplicationPage />)} />
        <Route path="assistance/plans/:id" element={guarded('assistance', <PlanPage />)} />
        <Route path="assistance/referrals/:personId" element={guarded('assistance', <PersonReferralsPage />)} />
        <Route path="zero-employment" element={guarded('zeroEmployment', <ZeroEmploymentPage />)} />
        <Route path="posts" element={guarded('posts', <PostsPage />)} />
        <Route path="posts/:id" element={guarded('posts', <PostPage />)} />
        <Route path="employers" element={guarded('employers', <EmployersPage />)} />
        <Route path="employers/:id" element={guarded('employers', <EmployerPage />)} />
        <Route path="postings" element={guarded('postings', <PostingsPage />)} />
        <Route path="postings/:id" element={guarded('postings', <PostingPage />)} />
        <Route path="policies" element={guarded('policies', <PoliciesPage />)} />
        <Route path="policies/:policyId" element={guarded('policies', <PolicyPage />)} />
        <Route path="subsidies" element={guarded('subsidies', <SubsidiesPage />)} />
        <Route path="compliance" element={guarded('compliance', <CompliancePage />)} />
        <Route path="messages" element={guarded('messages', <MessagesPage />)} />
        <Route path="comparison" element={guarded('comparison', <ComparisonPage />)} />
        <Route path="offices" element={guarded('offices', <OfficesPage />)} />
        <Route path="offices/:id/qr" element={guarded('offices', <OfficeQrPage />)} />
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

adoptHashLink();

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
