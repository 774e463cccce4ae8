import { DatePicker, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { registrations } from '../../api/endpoints.ts';
import { CONTACT_CHANNELS, type ContactChannel, type Registration } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { isoDate } from '../../lib/dates.ts';
import { FormDialog } from '../FormDialog.tsx';

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
  return (
    <FormDialog<{ on: dayjs.Dayjs; channel: ContactChannel; note?: string }>
      open={open}
      title={t('firstContact.title', { name: registration.personName ?? registration.registrationNo ?? '' })}
      okText={t('common.save')}
      onClose={onClose}
      onSubmit={async (v) => onDone(await registrations.firstContact(registration.id, { on: isoDate(v.on.toDate()), channel: v.channel, note: v.note?.trim() || undefined }))}
      initialValues={{ on: dayjs(), channel: 'phone' }}
    >
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
    </FormDialog>
  );
}
