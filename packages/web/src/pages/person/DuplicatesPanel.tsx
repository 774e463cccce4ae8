import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Empty, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import type { PersonFile, PossibleDuplicate } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { useApi } from '../../components/useApi.ts';

/**
 * Possible duplicates of this file (same ID number, or two of name, birth date and phone). An operator merges one
 * into this file with a reason: both histories are kept and the duplicate is hidden, not deleted.
 */
export function DuplicatesPanel({ file, canMerge, onMerged }: { file: PersonFile; canMerge: boolean; onMerged: (f: PersonFile) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [result, retry] = useApi((signal) => persons.duplicates(file.id, signal), [file.id, file.version]);
  const [merging, setMerging] = useState<PossibleDuplicate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const merge = async () => {
    if (!merging) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onMerged(await persons.merge(file.id, merging.id, reason.trim()));
      setMerging(null);
      void message.success(t('dup.merged'));
      retry();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('dup.hint')}</Typography.Text>
      <Table<PossibleDuplicate>
        size="small"
        rowKey="id"
        loading={result.state === 'loading'}
        pagination={false}
        dataSource={result.state === 'ready' ? result.data.items : []}
        locale={{ emptyText: <Empty description={t('dup.none')} /> }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('persons.col.name'), render: (_, d) => <Link to={`/persons/${encodeURIComponent(d.id)}`}>{d.name}</Link> },
          { key: 'birthDate', title: t('persons.col.birthDate'), dataIndex: 'birthDate' },
          { key: 'id', title: t('persons.col.idNumber'), render: (_, d) => <Typography.Text code>{d.idNumberMasked}</Typography.Text> },
          { key: 'phone', title: t('persons.col.phone'), render: (_, d) => d.phoneMasked ?? '—' },
          { key: 'jurisdiction', title: t('persons.col.jurisdiction'), render: (_, d) => d.jurisdiction.name },
          {
            key: 'matched',
            title: t('dup.matched'),
            render: (_, d) => (
              <Flex gap={4} wrap>
                {d.matched.map((m) => (
                  <Tag key={m} color="orange">
                    {label('dupField', m)}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          ...(canMerge
            ? [
                {
                  key: 'merge',
                  title: '',
                  render: (_: unknown, d: PossibleDuplicate) => (
                    <Button size="small" onClick={() => setMerging(d)} data-testid="merge-button">
                      {t('dup.merge')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={merging !== null}
        title={t('dup.mergeTitle', { from: merging?.name ?? '', into: file.name })}
        okText={t('dup.merge')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void merge().catch(() => undefined)}
        onCancel={() => setMerging(null)}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('dup.mergeNotice')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} />}
          <Form form={form} layout="vertical">
            <Form.Item name="reason" label={t('dup.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('form.reason') }]}>
              <Input.TextArea rows={3} maxLength={200} />
            </Form.Item>
          </Form>
        </Flex>
      </Modal>
    </Flex>
  );
}
