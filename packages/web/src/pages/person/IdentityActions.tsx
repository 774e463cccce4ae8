import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { errorMessage } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import type { PersonFile } from '../../api/types.ts';
import { useT } from '../../locales/i18n.tsx';

/**
 * 生成开通码: the in-person second factor for a citizen account on this file. The server answers the code once
 * (it keeps only a keyed hash), so it is shown in a modal and forgotten when the modal closes.
 */
export function ActivationCodeAction({ personId }: { personId: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      setIssued(await persons.issueActivationCode(personId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<KeyOutlined />} loading={busy} onClick={() => void issue()} data-testid="activation-issue">
        {t('activation.button')}
      </Button>
      <Modal
        open={issued !== null || error !== null}
        title={t('activation.title')}
        footer={null}
        onCancel={() => {
          setIssued(null);
          setError(null);
        }}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} />}
        {issued && (
          <>
            <Typography.Title level={2} copyable style={{ fontFamily: 'monospace', textAlign: 'center' }} data-testid="activation-code">
              {issued.code}
            </Typography.Title>
            <Typography.Paragraph>{t('activation.once', { expiresAt: new Date(issued.expiresAt).toLocaleString() })}</Typography.Paragraph>
          </>
        )}
      </Modal>
    </>
  );
}

/** 核实身份: a caseworker has seen the ID card of a self-reported file (audited on the server). */
export function ConfirmIdentityAction({ personId, onDone }: { personId: string; onDone: (file: PersonFile) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ note?: string }>();

  const submit = async () => {
    const { note } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const file = await persons.confirmIdentity(personId, note?.trim() || undefined);
      setOpen(false);
      onDone(file);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setOpen(true)} data-testid="identity-confirm">
        {t('identity.confirm')}
      </Button>
      <Modal
        open={open}
        title={t('identity.confirmTitle')}
        okText={t('identity.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('identity.confirmNote')} rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
