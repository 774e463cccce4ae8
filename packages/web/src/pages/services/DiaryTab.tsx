// 帮扶日记: a person's timeline of registrations, services, contacts, status changes, marks and decisions, with the
// printable PDF the server renders.
import { Button, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { services } from '../../api/endpoints.ts';
import type { DiaryEntry } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { useI18n } from '../../locales/i18n.tsx';

const COLOR: Record<DiaryEntry['kind'], string> = {
  registration: 'blue',
  service: 'green',
  contact: 'cyan',
  status: 'purple',
  mark: 'gold',
  decision: 'red',
  state: 'gray',
};

export function DiaryTab({ personId }: { personId: string }) {
  const { t, language } = useI18n();
  const [result, retry] = useApi((signal) => services.diary(personId, signal), [personId]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const { entries } = result.data;
  return (
    <Flex vertical gap={12}>
      <div>
        <Button icon={<PrinterOutlined />} href={services.diaryPdfUrl(personId)} target="_blank" data-testid="diary-print">
          {t('service.diary.print')}
        </Button>
      </div>
      {entries.length === 0 ? (
        <Empty description={t('service.diary.empty')} />
      ) : (
        <Timeline
          data-testid="diary"
          items={[...entries].reverse().map((e, i) => ({
            key: `${e.on}-${e.ref ?? i}-${e.kind}`,
            color: COLOR[e.kind],
            children: (
              <Flex vertical gap={2}>
                <span>
                  <Typography.Text strong>{e.on}</Typography.Text> <Tag>{t(`service.diary.kind.${e.kind}`)}</Tag>
                  {language === 'en-US' ? e.titleEn : e.titleZh}
                </span>
                {e.detail && <Typography.Text type="secondary">{e.detail}</Typography.Text>}
                {e.by && <Typography.Text type="secondary">{t('service.diary.by', { by: e.by })}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      )}
    </Flex>
  );
}
