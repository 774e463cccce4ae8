import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { persons } from '../../api/endpoints.ts';
import type { PersonEvent } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatTime } from '../../lib/dates.ts';

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * One entry of an event's `change` as text: `{from, to}` → "from → to", `{to}` → "to", a sensitive field recorded
 * only as `{changed: true}` → the word for "changed"; anything else as JSON.
 */
export function changeText(value: unknown, changedWord: string): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v.changed === true && Object.keys(v).length === 1) return changedWord;
    if ('to' in v && 'from' in v) return `${plain(v.from)} → ${plain(v.to)}`;
    if ('to' in v && Object.keys(v).length === 1) return plain(v.to);
  }
  return plain(value);
}

/** Every dated, attributed change of the file, newest first (events of a merged file are marked). */
export function HistoryTab({ personId, version }: { personId: string; version: number }) {
  const { t, label, language } = useI18n();
  // Reloaded when the file's version changes, so an edit shows up at once.
  const [result, retry] = useApi((signal) => persons.history(personId, signal), [personId, version]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const events = [...result.data.items].reverse();
  if (events.length === 0) return <Empty description={t('history.none')} />;
  return (
    <Timeline
      data-testid="history"
      items={events.map((e: PersonEvent) => ({
        key: e.id,
        color: e.mergedFrom ? 'gray' : 'blue',
        title: formatTime(e.at, language),
        content: (
          <Flex vertical gap={2}>
            <Flex gap={6} wrap align="center">
              <Typography.Text strong>{label('event', e.kind)}</Typography.Text>
              <Typography.Text type="secondary">{e.actor.name ?? t('history.system')}</Typography.Text>
              {e.source && <Tag>{label('source', e.source)}</Tag>}
              {e.mergedFrom && <Tag color="purple">{t('history.mergedFrom', { id: e.mergedFrom.slice(0, 8) })}</Tag>}
            </Flex>
            {e.reason && <Typography.Text type="secondary">{e.reason}</Typography.Text>}
            {Object.keys(e.change).length > 0 && (
              <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {Object.entries(e.change)
                  .map(([k, v]) => `${label('field', k)}: ${changeText(v, t('history.changed'))}`)
                  .join('；')}
              </Typography.Text>
            )}
          </Flex>
        ),
      }))}
    />
  );
}
