import { DatePicker, Form, Input, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { registrations } from '../../api/endpoints.ts';
import { EMPLOYMENT_TYPES, type Employment, type EmploymentType } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { isoDate } from '../../lib/dates.ts';
import { FormDialog } from '../FormDialog.tsx';

interface Values {
  employerName: string;
  employerCreditCode?: string;
  startedOn: dayjs.Dayjs;
  type: EmploymentType;
}

/** 就业登记: employer, start date and type; it also ends an active unemployment registration (hired / self_employed). */
export function EmploymentDialog({ personId, open, onClose, onDone }: { personId: string; open: boolean; onClose: () => void; onDone: (e: Employment) => void }) {
  const { t, label } = useI18n();
  return (
    <FormDialog<Values>
      open={open}
      title={t('employment.title')}
      okText={t('common.save')}
      onClose={onClose}
      onSubmit={async (v) =>
        onDone(
          await registrations.registerEmployment(personId, {
            employerName: v.employerName.trim(),
            employerCreditCode: v.employerCreditCode?.trim() || undefined,
            startedOn: isoDate(v.startedOn.toDate()),
            type: v.type,
          }),
        )
      }
      initialValues={{ startedOn: dayjs(), type: 'stable' }}
    >
      <Form.Item name="employerName" label={t('employment.employer')} rules={[{ required: true, whitespace: true, min: 2, message: t('employment.employerRequired') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="employerCreditCode"
        label={t('employment.creditCode')}
        // GB 32100-2015: 18 characters from digits and capital letters without I, O, S, V, Z.
        rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, message: t('employment.creditCodeInvalid') }]}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="startedOn" label={t('employment.startedOn')} rules={[{ required: true, message: t('form.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="type" label={t('employment.type')} rules={[{ required: true, message: t('form.required') }]}>
        <Select options={EMPLOYMENT_TYPES.map((x) => ({ value: x, label: label('employmentType', x) }))} />
      </Form.Item>
      <Typography.Text type="secondary">{t('employment.notice')}</Typography.Text>
    </FormDialog>
  );
}
