import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import { useT } from '../../locales/i18n.tsx';

/** Records a deletion request (personal-information law): the file is hidden, never hard-deleted. */
export function DeletionRequest({ personId, onDone }: { personId: string; onDone: (hiddenAt: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await persons.requestDeletion(personId, reason.trim());
      setOpen(false);
      onDone(r.hiddenAt);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)}>
        {t('deletion.button')}
      </Button>
      <Modal
        open={open}
        title={t('deletion.title')}
        okText={t('deletion.submit')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('deletion.notice')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('deletion.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('form.reason') }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
