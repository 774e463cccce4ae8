import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { assistance, persons } from '../../api/endpoints.ts';
import type { DeclaredFacts, DifficultyEvaluation } from '../../api/types.ts';
import { errorMessage } from '../../api/client.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useApi } from '../../components/useApi.ts';
import { EvaluationView } from './EvaluationView.tsx';

interface Values {
  residentMonths?: number | null;
  contributionYears?: number | null;
  landRemainingShare?: number | null;
  leftSchoolOn?: Dayjs | null;
  everEmployed?: 'yes' | 'no' | null;
  urban?: 'yes' | 'no' | null;
  onlyChildOrTwoDaughtersParent?: 'yes' | 'no' | null;
  commitmentSigned?: boolean;
  note?: string;
}

function toFacts(v: Values): DeclaredFacts {
  const f: DeclaredFacts = {};
  if (typeof v.residentMonths === 'number') f.residentMonths = v.residentMonths;
  if (typeof v.contributionYears === 'number') f.contributionYears = v.contributionYears;
  if (typeof v.landRemainingShare === 'number') f.landRemainingShare = v.landRemainingShare;
  if (v.leftSchoolOn) f.leftSchoolOn = v.leftSchoolOn.format('YYYY-MM-DD');
  if (v.everEmployed) f.everEmployed = v.everEmployed === 'yes';
  if (v.urban) f.urban = v.urban === 'yes';
  if (v.onlyChildOrTwoDaughtersParent) f.onlyChildOrTwoDaughtersParent = v.onlyChildOrTwoDaughtersParent === 'yes';
  return f;
}

const FIELDS = ['facts', 'commitment', 'note'] as const;

/** A caseworker applies for recognition on the person's behalf: declared facts, the criteria now, the commitment. */
export function ApplyPage() {
  const { id = '' } = useParams();
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [evaluation, setEvaluation] = useState<DifficultyEvaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, retry] = useApi(async (signal) => {
    const [person, commitment, existing] = await Promise.all([persons.get(id, signal), assistance.commitment(signal), assistance.forPerson(id, signal)]);
    return { person, commitment: commitment.current, existing: existing.items };
  }, [id]);
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorView error={loaded.error} onRetry={retry} />;
  const { person, commitment, existing } = loaded.data;
  const open = existing.find((a) => !['rejected', 'exited', 'recognised'].includes(a.state));

  const run = async (submit: boolean) => {
    setError(null);
    setBusy(true);
    try {
      const v = form.getFieldsValue();
      const facts = toFacts(v);
      if (!submit) {
        setEvaluation(await assistance.evaluate(id, facts));
        return;
      }
      const created = await assistance.apply(id, { facts, ...(v.commitmentSigned ? { commitment: { version: commitment.version } } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      navigate(`/assistance/applications/${encodeURIComponent(created.id)}`);
    } catch (err) {
      const rest = showFieldErrors(form, err, FIELDS);
      setError(rest.length ? rest.join('；') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const yesNo = [
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
  ];
  return (
    <Card title={t('assist.applyTitle')}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('persons.col.name')}>{person.name}</Descriptions.Item>
        <Descriptions.Item label={t('assist.notice.sex')}>{label('sex', person.sex)}</Descriptions.Item>
        <Descriptions.Item label={t('assist.birthDate')}>{person.birthDate}</Descriptions.Item>
        <Descriptions.Item label={t('assist.idNumber')}>{person.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label={t('persons.col.jurisdiction')}>{person.jurisdiction.name}</Descriptions.Item>
      </Descriptions>
      {open && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('assist.openExists', { no: open.applicationNo })}
          action={<Button size="small" onClick={() => navigate(`/assistance/applications/${encodeURIComponent(open.id)}`)}>{t('assist.view')}</Button>}
        />
      )}
      <Form form={form} layout="vertical" style={{ maxWidth: 720 }}>
        <Typography.Title level={5}>{t('assist.declaredFacts')}</Typography.Title>
        <Space wrap size="large">
          <Form.Item name="residentMonths" label={label('assistFact', 'residentMonths')}>
            <InputNumber min={0} max={1200} precision={0} data-testid="fact-residentMonths" />
          </Form.Item>
          <Form.Item name="contributionYears" label={label('assistFact', 'contributionYears')}>
            <InputNumber min={0} max={60} data-testid="fact-contributionYears" />
          </Form.Item>
          <Form.Item name="landRemainingShare" label={label('assistFact', 'landRemainingShare')}>
            <InputNumber min={0} max={1} step={0.05} />
          </Form.Item>
          <Form.Item name="leftSchoolOn" label={label('assistFact', 'leftSchoolOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="everEmployed" label={label('assistFact', 'everEmployed')}>
            <Select allowClear options={yesNo} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="urban" label={label('assistFact', 'urban')}>
            <Select allowClear options={yesNo} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="onlyChildOrTwoDaughtersParent" label={label('assistFact', 'onlyChildOrTwoDaughtersParent')}>
            <Select allowClear options={yesNo} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Button onClick={() => void run(false)} loading={busy} data-testid="evaluate">
          {t('assist.evaluate')}
        </Button>
        {evaluation && (
          <div style={{ marginTop: 16 }}>
            <EvaluationView evaluation={evaluation} />
          </div>
        )}
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {commitment.titleZh} <Typography.Text type="secondary">{commitment.version}</Typography.Text>
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto' }} type="secondary">
          {commitment.textZh}
        </Typography.Paragraph>
        <Form.Item name="commitmentSigned" valuePropName="checked">
          <Checkbox data-testid="commitment">{t('assist.commitmentSigned')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('assist.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="apply-error" />}
        <Button type="primary" onClick={() => void run(true)} loading={busy} disabled={Boolean(open)} data-testid="submit-application">
          {t('assist.submit')}
        </Button>
      </Form>
    </Card>
  );
}
