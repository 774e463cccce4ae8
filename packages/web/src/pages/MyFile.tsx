import { Link } from 'react-router-dom';
import { Alert, Button, Card, Flex, Tabs, Typography } from 'antd';
import { persons } from '../api/endpoints.ts';
import { useT } from '../locales/i18n.tsx';
import { useUser } from '../state/session.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';
import { BackgroundTab, IdentityTab } from './person/FileTabs.tsx';
import type { PersonFile } from '../api/types.ts';

/**
 * The citizen's own file (`me.personId`); the API scopes a citizen to exactly that person. The same read-only tabs
 * as the staff view of a file, masked (a citizen has no reveal: the portal shows their own data as stored).
 */
export function MyFilePage() {
  const user = useUser();
  const t = useT();
  const personId = user.personId;
  const [result, retry] = useApi<PersonFile | null>(
    (signal) => (personId ? persons.file(personId, undefined, signal) : Promise.resolve(null)),
    [personId],
  );

  if (!personId) return <Alert type="info" showIcon title={t('myFile.none')} />;
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  if (!result.data) return <Alert type="info" showIcon title={t('myFile.none')} />;
  const file = result.data;
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
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <span>{t('myFile.title')}</span>
            <Typography.Text strong data-testid="person-name">
              {file.name}
            </Typography.Text>
          </Flex>
        }
      >
        <Tabs
          items={[
            { key: 'identity', label: t('person.tab.identity'), children: <IdentityTab file={file} revealed={null} /> },
            { key: 'background', label: t('person.tab.background'), children: <BackgroundTab file={file} /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
