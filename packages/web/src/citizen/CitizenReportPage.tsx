// 就业状态报告 (XC23 三(三): the registrant reports job search and employment state): job-search progress, and
// "I found a job", which a caseworker verifies before anything changes; the outcome (and a rejection's reason) shows here.
import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, List, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { selfReports, type FoundJobInput, type ProgressReportInput, type SelfReport } from '../api/followup.ts';
import { useI18n } from '../locales/i18n.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useAction } from '../components/useAction.ts';
import { useApi } from '../components/useApi.ts';
import { formatTime } from '../lib/dates.ts';

const STATE_COLOR: Record<SelfReport['state'], string> = { recorded: 'default', pending: 'gold', confirmed: 'green', rejected: 'red' };
const TYPES = ['stable', 'flexible', 'self_employed'] as const;

function ProgressForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ProgressReportInput>();
  const action = useAction();
  const submit = async (v: ProgressReportInput) => {
    if (await action.run(() => selfReports.progress(v), { form, success: t('followup.sent') })) {
      form.resetFields();
      onDone();
    }
  };
  return (
    <Card size="small" title={t('followup.progress')} data-testid="report-progress">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="note" label={t('followup.note')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea maxLength={500} rows={3} data-testid="progress-note" />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="applications" label={t('followup.applications')}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
          <Form.Item name="interviews" label={t('followup.interviews')}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
        </Flex>
        {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" block loading={action.busy} data-testid="progress-submit">
          {t('followup.send')}
        </Button>
      </Form>
    </Card>
  );
}

function FoundJobForm({ onDone }: { onDone(): void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Omit<FoundJobInput, 'startedOn'> & { startedOn: Dayjs }>();
  const action = useAction();
  const submit = async (v: Omit<FoundJobInput, 'startedOn'> & { startedOn: Dayjs }) => {
    const body: FoundJobInput = { employerName: v.employerName, type: v.type, startedOn: v.startedOn.format('YYYY-MM-DD') };
    if (await action.run(() => selfReports.foundJob(body), { form, success: t('followup.sentJob') })) {
      form.resetFields();
      onDone();
    }
  };
  return (
    <Card size="small" title={t('followup.foundJob')} data-testid="report-found-job">
      <Typography.Paragraph type="secondary">{t('followup.foundJobHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ type: 'stable' }}>
        <Form.Item name="employerName" label={t('followup.employerName')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} data-testid="job-employer" />
        </Form.Item>
        <Form.Item name="startedOn" label={t('followup.startedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} data-testid="job-started" />
        </Form.Item>
        <Form.Item name="type" label={t('followup.type')} rules={[{ required: true }]}>
          <Select options={TYPES.map((x) => ({ value: x, label: label('employmentType', x) }))} data-testid="job-type" />
        </Form.Item>
        {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" block loading={action.busy} data-testid="job-submit">
          {t('followup.send')}
        </Button>
      </Form>
    </Card>
  );
}

export function CitizenReportPage() {
  const { t, label, language } = useI18n();
  const [mine, retry] = useApi((signal) => selfReports.mine(signal), []);
  return (
    <Flex vertical gap={12}>
      <FoundJobForm onDone={retry} />
      <ProgressForm onDone={retry} />
      <Card size="small" title={t('followup.mine')} data-testid="my-reports">
        {mine.state === 'loading' ? (
          <Loading />
        ) : mine.state === 'error' ? (
          <ErrorView error={mine.error} onRetry={retry} />
        ) : mine.data.items.length === 0 ? (
          <Empty description={t('followup.none')} />
        ) : (
          <List
            dataSource={mine.data.items}
            renderItem={(r) => (
              <List.Item data-testid="my-report">
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong>{r.kind === 'found_job' ? `${r.employerName ?? ''} · ${r.startedOn ?? ''} · ${label('employmentType', r.type ?? '')}` : r.note}</Typography.Text>
                    <Tag color={STATE_COLOR[r.state]} data-testid="my-report-state">
                      {t(`followup.state.${r.state}`)}
                    </Tag>
                  </Flex>
                  <Typography.Text type="secondary">{formatTime(r.createdAt, language)}</Typography.Text>
                  {r.state === 'rejected' && r.reason && <Alert type="warning" showIcon title={t('followup.reason', { reason: r.reason })} />}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}
