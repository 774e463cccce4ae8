import { Alert, Button } from 'antd';
import { errorMessage } from '../api/client.ts';
import { useT } from '../locales/i18n.tsx';
import { NotPermitted } from './NotPermitted.tsx';
import { isNotPermitted } from './useApi.ts';

/** A failed load: 403/404 become the not-permitted page, anything else shows the API's message and a retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (isNotPermitted(error)) return <NotPermitted />;
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
