import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Drawer, Form, Modal } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useT } from '../locales/i18n.tsx';
import { useAction } from './useAction.ts';

export interface FormDialogProps<V> {
  open: boolean;
  title: ReactNode;
  /** The write; its failure is shown on the fields it names (server field errors) or above the form. */
  onSubmit(values: V): Promise<unknown>;
  /** After a successful submit (the dialog has already reset its form). */
  onDone?(): void;
  onClose(): void;
  /** Success message (none by default: many callers navigate or reload instead). */
  success?: string | undefined;
  okText?: ReactNode;
  okDanger?: boolean;
  /** The form, when the caller needs it (dependent fields, values set from outside); one is made otherwise. */
  form?: FormInstance<V> | undefined;
  initialValues?: FormProps<V>['initialValues'];
  layout?: FormProps<V>['layout'];
  width?: number | undefined;
  /** Content above the form (an explanation, the record acted on). */
  intro?: ReactNode;
  testId?: string | undefined;
  children: ReactNode;
}

/**
 * The one form dialog: antd Modal + Form, validated on OK, submitted through the action hook (busy, the server's
 * message), server field errors placed on the fields (lib/form-errors.ts), reset and closed on success.
 */
export function FormDialog<V extends object>(props: FormDialogProps<V>) {
  const t = useT();
  const [own] = Form.useForm<V>();
  const form = props.form ?? own;
  const action = useAction();

  const submit = async () => {
    const values = await form.validateFields();
    const ok = await action.run(async () => {
      await props.onSubmit(values);
      return true;
    }, { form, success: props.success });
    if (!ok) return;
    form.resetFields();
    props.onDone?.();
    props.onClose();
  };

  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText ?? t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: props.okDanger, ...(props.testId ? { 'data-testid': `${props.testId}-ok` } : {}) }}
      confirmLoading={action.busy}
      width={props.width}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        form.resetFields();
        action.clearError();
        props.onClose();
      }}
      destroyOnHidden
      wrapProps={props.testId ? { 'data-testid': props.testId } : undefined}
    >
      {props.intro}
      {action.error && <Alert type="error" title={action.error} showIcon style={{ marginBottom: 16 }} data-testid="form-dialog-error" />}
      <Form<V> form={form} layout={props.layout ?? 'vertical'} autoComplete="off" initialValues={props.initialValues}>
        {props.children}
      </Form>
    </Modal>
  );
}

export interface CreateDrawerProps<V, C> {
  open: boolean;
  onClose(): void;
  title: ReactNode;
  width: number;
  form: FormInstance<V>;
  initialValues?: FormProps<V>['initialValues'];
  /** Field names that may take the server's field errors. */
  fields: readonly string[];
  /** The create; on success the console opens `to(created)`. */
  onSubmit(values: V): Promise<C>;
  to(created: C): string;
  testId?: string | undefined;
  submitTestId: string;
  children: ReactNode;
}

/**
 * The one "new record" drawer: a vertical form submitted through the action hook (busy, server field errors on the
 * fields, the rest above the button), then the new record's page.
 */
export function CreateDrawer<V extends object, C>(props: CreateDrawerProps<V, C>) {
  const t = useT();
  const navigate = useNavigate();
  const action = useAction();
  return (
    <Drawer open={props.open} onClose={props.onClose} title={props.title} width={props.width} destroyOnHidden>
      <Form<V>
        form={props.form}
        layout="vertical"
        data-testid={props.testId}
        initialValues={props.initialValues}
        onFinish={async (v) => {
          const created = await action.run(() => props.onSubmit(v), { form: props.form, fields: props.fields });
          if (created !== undefined) navigate(props.to(created));
        }}
      >
        {props.children}
        {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={action.busy} data-testid={props.submitTestId}>
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
