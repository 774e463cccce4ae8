import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../locales/i18n.tsx';

/**
 * Shown when the API answers 403 or 404. Both read the same on purpose: the server does not reveal whether a person
 * outside the user's scope exists, and neither does the console.
 */
export function NotPermitted() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('notPermitted.title')}
      subTitle={t('notPermitted.subtitle')}
      data-testid="not-permitted"
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}

export function PageNotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.subtitle')}
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}
