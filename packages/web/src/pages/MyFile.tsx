import { Link } from 'react-router-dom';
import { Alert, Button, Flex } from 'antd';
import { persons } from '../api/endpoints.ts';
import { useT } from '../locales/i18n.tsx';
import { useUser } from '../state/session.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { PersonView } from '../components/PersonView.tsx';
import { useApi } from '../components/useApi.ts';
import type { PersonDetail } from '../api/types.ts';

/** The citizen's own file (`me.personId`); the API scopes a citizen to exactly that person. */
export function MyFilePage() {
  const user = useUser();
  const t = useT();
  const personId = user.personId;
  const [result, retry] = useApi<PersonDetail | null>(
    (signal) => (personId ? persons.get(personId, signal) : Promise.resolve(null)),
    [personId],
  );

  if (!personId) return <Alert type="info" showIcon title={t('myFile.none')} />;
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  if (!result.data) return <Alert type="info" showIcon title={t('myFile.none')} />;
  return (
    <Flex vertical gap={12}>
      <Alert
        type="info"
        showIcon
        title={t('myFile.portal')}
        action={
          <Link to="/citizen/status">
            <Button size="small" type="primary">
              {t('myFile.portalOpen')}
            </Button>
          </Link>
        }
      />
      <PersonView person={result.data} revealable={false} title={t('myFile.title')} />
    </Flex>
  );
}
