import { useState } from 'react';
import { App, Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { errorMessage } from '../api/client.ts';
import { persons } from '../api/endpoints.ts';
import type { Revealed } from '../api/types.ts';
import { useT } from '../locales/i18n.tsx';

/**
 * "查看完整信息": asks for a reason and calls `/reveal`; the server audits the reason with the read. The full values
 * are handed to `onRevealed` and live only in the page's memory.
 */
export function RevealAction({ personId, onRevealed }: { personId: string; onRevealed: (r: Revealed) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const reveal = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onRevealed(await persons.reveal(personId, reason.trim()));
      setAsking(false);
      form.resetFields();
      void message.success(t('person.reveal.done'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid="reveal-button">
        {t('person.reveal')}
      </Button>
      <Modal
        open={asking}
        title={t('person.reveal.title')}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void reveal().catch(() => undefined)}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('person.reveal.notice')}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} />}
          <Form form={form} layout="vertical">
            <Form.Item
              name="reason"
              label={t('person.reveal.reason')}
              rules={[
                { required: true, whitespace: true, message: t('person.reveal.reasonRequired') },
                // Same bounds as the server (2–200 characters), checked here to save a round trip.
                { min: 2, max: 200, message: t('person.reveal.reasonLength', { min: 2, max: 200 }) },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                placeholder={t('person.reveal.reasonPlaceholder')}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </Flex>
      </Modal>
    </>
  );
}
