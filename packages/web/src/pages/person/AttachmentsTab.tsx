// The files behind a person's records (附件): upload (checked by content on the server), list, audited download.
import { useState } from 'react';
import { App, Button, Flex, Select, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { attachments } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/client.ts';
import type { Attachment } from '../../api/types.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { formatTime } from '../../lib/dates.ts';

/** Accepted on the server by content; the picker only narrows what the user is offered. */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function AttachmentsTab({ personId, writable }: { personId: string; writable: boolean }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, retry] = useApi((signal) => attachments.list(personId, signal), [personId]);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const { existing, attachment } = await attachments.upload(personId, file);
      void message.success(existing ? t('attachments.existing', { name: attachment.name }) : t('attachments.uploaded', { name: attachment.name }));
      retry();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <Flex vertical gap={12}>
      {writable && (
        <Flex align="center" gap={12} wrap>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false; // sent by `attachments.upload`, not by antd's own request
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('attachments.hint')}</Typography.Text>
        </Flex>
      )}
      <Table<Attachment>
        size="small"
        rowKey="id"
        loading={result.state === 'loading'}
        dataSource={result.state === 'ready' ? result.data.items : []}
        pagination={false}
        locale={{ emptyText: t('attachments.none') }}
        data-testid="attachments"
        columns={[
          { key: 'name', title: t('attachments.name'), dataIndex: 'name' },
          { key: 'size', title: t('attachments.size'), render: (_, a) => formatSize(a.size) },
          { key: 'at', title: t('attachments.uploadedAt'), render: (_, a) => formatTime(a.uploadedAt, language) },
          {
            key: 'download',
            title: '',
            render: (_, a) => (
              <a href={attachments.contentUrl(a.id)} download={a.name} data-testid="attachment-download">
                <DownloadOutlined /> {t('attachments.download')}
              </a>
            ),
          },
        ]}
      />
    </Flex>
  );
}

/**
 * A form control choosing files of a person to cite in a record (`attachmentIds`): the person's stored files, and
 * an upload that stores a new one (checked by content on the server) and selects it.
 */
export function AttachmentPicker({ personId, value, onChange, testId }: { personId: string; value?: string[]; onChange?: (ids: string[]) => void; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, retry] = useApi((signal) => attachments.list(personId, signal), [personId]);
  const chosen = value ?? [];

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const { attachment } = await attachments.upload(personId, file);
      retry();
      if (!chosen.includes(attachment.id)) onChange?.([...chosen, attachment.id]);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex gap={8} align="start">
      <Select
        mode="multiple"
        allowClear
        style={{ flex: 1 }}
        data-testid={testId}
        placeholder={t('attachments.choose')}
        loading={result.state === 'loading'}
        value={chosen}
        onChange={(ids: string[]) => onChange?.(ids)}
        options={(result.state === 'ready' ? result.data.items : []).map((a) => ({ value: a.id, label: `${a.name} (${formatSize(a.size)})` }))}
      />
      <Upload
        accept={ACCEPT}
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy} data-testid={testId ? `${testId}-upload` : undefined}>
          {t('attachments.upload')}
        </Button>
      </Upload>
    </Flex>
  );
}
