import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, errorMessage } from '../../api/client.ts';
import { registrations } from '../../api/endpoints.ts';
import { DEREGISTRATION_REASONS, type Deregistered, type DeregistrationReason, type Registration } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { isoDate } from '../../lib/dates.ts';
import { showFieldErrors } from '../../lib/form-errors.ts';

interface Values {
  reason: DeregistrationReason;
  on: dayjs.Dayjs;
  note?: string;
  rule?: string;
}

/**
 * 注销登记: a reason code from CODES.md, the date and a note. The rule pack decides whether the reason is allowed;
 * a refusal is shown as the server words it (both languages carry the clause, e.g. XC23 三(四)).
 */
export function DeregisterDialog({
  registration,
  open,
  onClose,
  onDone,
}: {
  registration: Pick<Registration, 'id' | 'registrationNo' | 'registeredOn'>;
  open: boolean;
  onClose: () => void;
  onDone: (result: Deregistered) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const reason = Form.useWatch('reason', form);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setRefusal(null);
    try {
      const done = await registrations.deregister(registration.id, {
        reason: v.reason,
        on: isoDate(v.on.toDate()),
        note: v.note?.trim() || undefined,
        rule: v.reason === 'other_statutory' ? v.rule?.trim() : undefined,
      });
      form.resetFields();
      onDone(done);
    } catch (err) {
      // A refused reason (or a rule missing for other_statutory) is the answer to show, not a field typo.
      if (err instanceof ApiError && err.field && err.field !== 'body.reason' && err.field !== 'body.rule') {
        const rest = showFieldErrors(form, err, ['on', 'note']);
        if (rest.length) setRefusal(rest.join('；'));
      } else {
        setRefusal(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('dereg.title', { no: registration.registrationNo ?? '' })}
      okText={t('dereg.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        setRefusal(null);
        onClose();
      }}
      destroyOnHidden
    >
      {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="dereg-refused" />}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item name="reason" label={t('dereg.reason')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            data-testid="dereg-reason"
            showSearch={{ optionFilterProp: 'label' }}
            options={DEREGISTRATION_REASONS.map((r) => ({ value: r, label: `${label('deregReason', r)}（${r}）` }))}
            onChange={() => setRefusal(null)}
          />
        </Form.Item>
        <Form.Item name="on" label={t('dereg.on')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(registration.registeredOn), 'day')}
          />
        </Form.Item>
        {reason === 'other_statutory' && (
          <Form.Item
            name="rule"
            label={t('dereg.rule')}
            extra={t('dereg.ruleHint')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('dereg.ruleRequired') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('dereg.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Typography.Text type="secondary">{t('dereg.notice')}</Typography.Text>
      </Form>
    </Modal>
  );
}
