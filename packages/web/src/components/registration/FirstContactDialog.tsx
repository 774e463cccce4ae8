import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { errorMessage } from '../../api/client.ts';
import { registrations } from '../../api/endpoints.ts';
import { CONTACT_CHANNELS, type ContactChannel, type Registration } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { isoDate } from '../../lib/dates.ts';

/** Records the first contact with a registrant (due within 5 working days of registration). */
export function FirstContactDialog({
  registration,
  open,
  onClose,
  onDone,
}: {
  registration: { id: string; registrationNo: string | null; personName?: string; registeredOn: string };
  open: boolean;
  onClose: () => void;
  onDone: (r: Registration) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ on: dayjs.Dayjs; channel: ContactChannel; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onDone(await registrations.firstContact(registration.id, { on: isoDate(v.on.toDate()), channel: v.channel, note: v.note?.trim() || undefined }));
      form.resetFields();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('firstContact.title', { name: registration.personName ?? registration.registrationNo ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs(), channel: 'phone' }}>
        <Form.Item name="on" label={t('firstContact.on')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(registration.registeredOn), 'day')}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('firstContact.channel')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('dereg.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
