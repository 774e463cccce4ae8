import { useNavigate, useParams } from 'react-router-dom';
import { Button, Flex } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { canReveal } from '../access.ts';
import { ApiError } from '../api/client.ts';
import { persons } from '../api/endpoints.ts';
import { NotPermitted } from '../components/NotPermitted.tsx';
import { useT } from '../locales/i18n.tsx';
import { useUser } from '../state/session.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { PersonView } from '../components/PersonView.tsx';
import { useApi } from '../components/useApi.ts';

/** A person by id. A person outside the user's scope is answered 404 by the API and shown as not permitted. */
export function PersonDetailPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const t = useT();
  const navigate = useNavigate();
  const [result, retry] = useApi((signal) => persons.get(id, signal), [id]);

  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    // A malformed id is refused as a bad path parameter; to the user that is simply "no such person".
    if (result.error instanceof ApiError && result.error.field?.startsWith('params.')) return <NotPermitted />;
    return <ErrorView error={result.error} onRetry={retry} />;
  }
  return (
    <Flex vertical gap={12}>
      <div>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common.back')}
        </Button>
      </div>
      <PersonView person={result.data} revealable={canReveal(user.role)} title={t('person.title')} />
    </Flex>
  );
}
