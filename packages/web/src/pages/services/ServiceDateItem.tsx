// The service date of the record forms. Future days are disabled in the panel and refused with a message — by
// the application clock (the server's "today", e.g. `asOf` of the service state), not the browser's. A date typed
// into the box is never replaced: the picker would otherwise drop a typed disabled day on blur and keep the
// previous value (today), which was then saved. The typed text stays and the field says why it cannot be saved.
import { useRef } from 'react';
import { DatePicker, Form, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { todayIso } from '../../lib/dates.ts';
import { useI18n } from '../../locales/i18n.tsx';

const FORMAT = 'YYYY-MM-DD';

export function ServiceDateItem<T>({ form, today, testId }: { form: FormInstance<T>; today: string | undefined; testId?: string }) {
  const { t } = useI18n();
  const typed = useRef<string | null>(null);
  const appToday = today ?? todayIso();
  return (
    <Form.Item
      name="servedOn"
      label={t('service.servedOn')}
      rules={[
        { required: true },
        {
          validator: async (_rule, value: Dayjs | null | undefined) => {
            const text = typed.current;
            const shown = value ? value.format(FORMAT) : '';
            if (text && text !== shown) {
              const readable = /^\d{4}-\d{2}-\d{2}$/.test(text) && dayjs(text).format(FORMAT) === text;
              if (readable && text > appToday) throw new Error(t('service.servedOn.future', { date: text, today: appToday }));
              throw new Error(t('service.servedOn.unreadable', { text }));
            }
            if (value && shown > appToday) throw new Error(t('service.servedOn.future', { date: shown, today: appToday }));
          },
        },
      ]}
    >
      <DatePicker
        data-testid={testId}
        format={FORMAT}
        disabledDate={(d) => d.format(FORMAT) > appToday}
        preserveInvalidOnBlur
        onChange={() => {
          typed.current = null;
        }}
        onBlur={(e) => {
          // What the box shows after leaving it: the picker keeps a typed day it refused (preserveInvalidOnBlur).
          const text = (e.target as HTMLInputElement).value.trim();
          typed.current = text || null;
          void form.validateFields(['servedOn'] as never).catch(() => undefined);
        }}
        style={{ width: '100%' }}
      />
    </Form.Item>
  );
}
