import { Form, Input } from 'antd';
import { auth } from '../api/endpoints.ts';
import { useT } from '../locales/i18n.tsx';
import { FormDialog } from './FormDialog.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

// The server holds the real password policy and names the failing field; this minimum only saves a round trip.
const MIN_LENGTH = 8;

export function PasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT();
  return (
    <FormDialog<Values>
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      success={t('password.changed')}
      onClose={onClose}
      onSubmit={(values) => auth.changePassword(values.currentPassword, values.newPassword)}
    >
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('password.required') },
          { min: MIN_LENGTH, message: t('password.minLength', { min: MIN_LENGTH }) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
