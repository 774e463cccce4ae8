// The "record service" form (R3/R4): type and channel from CODES.md, date, content and outcome; for a job
// recommendation the posting (from the list or typed) and its result. One idempotency key per opened form, so a
// double click or a retry after a lost answer is counted once by the server.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { services } from '../../api/endpoints.ts';
import { CONTACT_CHANNELS, JOB_RESULTS, SERVICE_TYPES, type JobResult, type ServiceBody, type ServiceCreated } from '../../api/types.ts';
import { useApi } from '../../components/useApi.ts';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { isoDate } from '../../lib/dates.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { AttachmentPicker } from '../person/AttachmentsTab.tsx';
import { ServiceDateItem } from './ServiceDateItem.tsx';

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

interface Values {
  type: ServiceBody['type'];
  channel: ServiceBody['channel'];
  servedOn: Dayjs;
  content?: string;
  postingId?: string;
  postingText?: string;
  result?: JobResult;
  resultReason?: string;
  outcome?: string;
  attachmentIds?: string[];
}

const FIELDS = ['type', 'channel', 'servedOn', 'content', 'postingId', 'postingText', 'result', 'resultReason', 'outcome', 'attachmentIds'] as const;

/** Form values → request body; empty optional fields are left out so the server sees "not given". */
export function serviceBody(v: Values, idempotencyKey: string): ServiceBody {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
  const job = v.type === 'job_recommendation';
  return {
    type: v.type,
    channel: v.channel,
    servedOn: isoDate(v.servedOn.toDate()),
    content: text(v.content),
    postingId: job ? v.postingId : undefined,
    postingText: job && !v.postingId ? text(v.postingText) : undefined,
    result: job ? v.result : undefined,
    resultReason: job && v.result === 'declined' ? text(v.resultReason) : undefined,
    outcome: text(v.outcome),
    attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined,
    idempotencyKey,
  };
}

export function RecordServiceDialog({
  personId,
  personName,
  jurisdictionCode,
  initial,
  onClose,
  onDone,
}: {
  personId: string;
  personName: string;
  jurisdictionCode: string;
  initial?: { type?: string; channel?: string };
  onClose: () => void;
  onDone: (created: ServiceCreated) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  // Kept for the life of this form: resubmitting the same form is the same request.
  const key = useMemo(newIdempotencyKey, []);
  const type = Form.useWatch('type', form);
  const result = Form.useWatch('result', form);
  const postingId = Form.useWatch('postingId', form);
  const [postings] = useApi((signal) => services.postings(jurisdictionCode, signal), [jurisdictionCode]);
  // "Today" by the application clock (the service state's asOf), not the browser's.
  const [state] = useApi((signal) => services.state(personId, signal), [personId]);
  const today = state.state === 'ready' ? state.data.asOf : undefined;
  useEffect(() => {
    // The form opened before the application's today was known: start from it unless the user picked a date.
    if (today && !form.isFieldTouched('servedOn')) form.setFieldValue('servedOn', dayjs(today));
  }, [today, form]);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setProblems([]);
    try {
      onDone(await services.record(personId, serviceBody(values, key)));
    } catch (err) {
      setProblems(showFieldErrors(form, err, FIELDS));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('service.record.title', { name: personName })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'service-submit' }}
      destroyOnHidden
    >
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} data-testid="service-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          type: initial?.type && (SERVICE_TYPES as readonly string[]).includes(initial.type) ? initial.type : 'career_guidance',
          channel: initial?.channel && (CONTACT_CHANNELS as readonly string[]).includes(initial.channel) ? initial.channel : 'in_person',
          servedOn: dayjs(today),
        }}
      >
        <Form.Item name="type" label={t('service.type')} rules={[{ required: true }]}>
          <Select
            data-testid="service-type"
            showSearch={{ optionFilterProp: 'label' }}
            options={SERVICE_TYPES.map((s) => ({ value: s, label: label('serviceType', s) }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('service.channel')} rules={[{ required: true }]}>
          <Select data-testid="service-channel" options={CONTACT_CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
        </Form.Item>
        <ServiceDateItem form={form} today={today} testId="service-date" />
        {type === 'job_recommendation' && (
          <>
            <Form.Item name="postingId" label={t('service.posting')} extra={t('service.posting.hint')}>
              <Select
                allowClear
                data-testid="service-posting"
                loading={postings.state === 'loading'}
                options={(postings.state === 'ready' ? postings.data.items : [])
                  .filter((p) => p.open)
                  .map((p) => ({ value: p.id, label: `${p.title} · ${p.employerName}` }))}
              />
            </Form.Item>
            {!postingId && (
              <Form.Item
                name="postingText"
                label={t('service.postingText')}
                rules={[{ required: true, whitespace: true, message: t('service.postingRequired') }]}
              >
                <Input data-testid="service-posting-text" maxLength={500} />
              </Form.Item>
            )}
            <Form.Item name="result" label={t('service.result')}>
              <Select allowClear data-testid="service-result" options={JOB_RESULTS.map((r) => ({ value: r, label: label('jobResult', r) }))} />
            </Form.Item>
            {result === 'declined' && (
              <Form.Item
                name="resultReason"
                label={t('service.resultReason')}
                rules={[{ required: true, whitespace: true, message: t('service.resultReasonRequired') }]}
              >
                <Input data-testid="service-result-reason" maxLength={1000} />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="content" label={t('service.content')} extra={t('service.content.hint')}>
          <Input.TextArea data-testid="service-content" rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="outcome" label={t('service.outcome')}>
          <Input.TextArea data-testid="service-outcome" rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="attachmentIds" label={t('service.attachments')} extra={t('attachments.hint')}>
          <AttachmentPicker personId={personId} testId="service-attachments" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
