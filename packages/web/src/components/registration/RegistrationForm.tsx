import { useState } from 'react';
import { Alert, Button, Checkbox, Col, Flex, Form, InputNumber, Radio, Row, Select, Switch, Tag, Typography } from 'antd';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  INTENTIONS,
  PLACE_BASES,
  REGISTRATION_MARKS,
  UNEMPLOYMENT_REASONS,
  type CommitmentText,
  type Eligibility,
  type PlaceBasis,
  type RegistrationCreated,
  type RegistrationFacts,
} from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';
import { ExplanationList } from '../../pages/person/HouseholdTab.tsx';

interface Values {
  placeBasis: PlaceBasis;
  unemploymentReason: RegistrationFacts['unemploymentReason'];
  skills: string[];
  intention: RegistrationFacts['intention'];
  marks: NonNullable<RegistrationFacts['marks']>;
  contributionYears?: number | null;
  involuntaryJobLoss: boolean;
  agreed: boolean;
}

const FIELDS = ['placeBasis', 'unemploymentReason', 'skills', 'intention', 'marks', 'contributionYears', 'involuntaryJobLoss', 'commitment'];

export function factsOf(v: Values, kind: 'unemployment' | 'job_seeking'): RegistrationFacts {
  return {
    kind,
    // The UI asks before falling back to job seeking, so the server is told not to switch on its own.
    acceptJobSeeking: false,
    placeBasis: v.placeBasis,
    unemploymentReason: v.unemploymentReason,
    skills: v.skills.map((s) => s.trim()).filter(Boolean),
    intention: v.intention,
    marks: v.marks,
    ...(typeof v.contributionYears === 'number' ? { contributionYears: v.contributionYears } : {}),
    involuntaryJobLoss: v.involuntaryJobLoss,
  };
}

/** The rules' answer: decision, each condition met or not with its clause, deadlines and the UI-benefit outlook. */
export function EligibilityView({ e }: { e: Eligibility }) {
  const { t, label, language } = useI18n();
  const ok = e.decision === 'unemployment';
  return (
    <Alert
      type={ok ? 'success' : e.decision === 'undetermined' ? 'info' : 'warning'}
      showIcon
      data-testid="eligibility"
      title={t('elig.decision', { decision: label('eligDecision', e.decision), pack: e.pack })}
      description={
        <Flex vertical gap={6}>
          {e.reasons.map((r) => (
            <Flex key={r.code} gap={6} align="baseline" wrap>
              <Tag color={r.met === true ? 'green' : r.met === false ? 'red' : 'default'}>{label('tri', String(r.met))}</Tag>
              <span>{language === 'en-US' ? r.textEn : r.textZh}</span>
              <Tag color="geekblue">{r.source}</Tag>
            </Flex>
          ))}
          {e.missingFacts.length > 0 && <Typography.Text type="secondary">{t('elig.missing', { facts: e.missingFacts.join('、') })}</Typography.Text>}
          {(e.decisionDeadline || e.firstContactDeadline) && (
            <Typography.Text>
              {t('elig.deadlines', { decision: e.decisionDeadline ?? '—', contact: e.firstContactDeadline ?? '—' })}
            </Typography.Text>
          )}
          <Typography.Text>
            {t('elig.ui', {
              answer: label('tri', String(e.uiBenefit.eligible)),
              months: e.uiBenefit.maxMonths ?? '—',
            })}
          </Typography.Text>
          <ExplanationList items={e.explanations.filter((x) => x.rule !== 'registration.eligibility')} />
        </Flex>
      }
    />
  );
}

/**
 * 办理失业登记 — the same form at the counter and online: place basis (the person's choice), reason, skills,
 * intention, marks, UI-benefit facts and the written commitment, which must be read and confirmed. When the rules
 * say the person cannot register as unemployed, job-seeking registration is offered instead (R2.4).
 */
export function RegistrationForm({
  commitment,
  checkEligibility,
  submit,
  compact = false,
}: {
  commitment: CommitmentText;
  checkEligibility?: (facts: RegistrationFacts) => Promise<Eligibility>;
  submit: (facts: RegistrationFacts, commitmentVersion: string) => Promise<RegistrationCreated>;
  compact?: boolean;
}) {
  const { t, label, language } = useI18n();
  const [form] = Form.useForm<Values>();
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState<'check' | 'unemployment' | 'job_seeking' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offerJobSeeking, setOfferJobSeeking] = useState(false);

  const check = async () => {
    if (!checkEligibility) return;
    const v = await form.validateFields(['placeBasis', 'unemploymentReason', 'intention']);
    setBusy('check');
    setError(null);
    try {
      const e = await checkEligibility(factsOf({ ...form.getFieldsValue(true), ...v } as Values, 'unemployment'));
      setEligibility(e);
      setOfferJobSeeking(e.decision !== 'unemployment' && e.decision !== 'undetermined');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const send = async (kind: 'unemployment' | 'job_seeking') => {
    const v = await form.validateFields();
    setBusy(kind);
    setError(null);
    try {
      await submit(factsOf(v, kind), commitment.version);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'REGISTRATION_NOT_ELIGIBLE' || err.code === 'REGISTRATION_UNDETERMINED')) {
        setError(err.message);
        setOfferJobSeeking(err.code === 'REGISTRATION_NOT_ELIGIBLE');
        if (checkEligibility) void checkEligibility(factsOf(v, 'unemployment')).then(setEligibility, () => undefined);
      } else {
        const rest = showFieldErrors(form, err, FIELDS);
        setError(rest.length ? rest.join('；') : null);
      }
    } finally {
      setBusy(null);
    }
  };

  const span = compact ? 24 : 12;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ placeBasis: 'residence', skills: [], marks: [], involuntaryJobLoss: false, agreed: false, intention: 'employment' }}
      onValuesChange={() => setEligibility(null)}
    >
      <Row gutter={12}>
        <Col span={24}>
          <Form.Item name="placeBasis" label={t('reg.placeBasis')} extra={t('reg.placeBasisHint')} rules={[{ required: true, message: t('form.required') }]}>
            <Radio.Group optionType="button" options={PLACE_BASES.map((p) => ({ value: p, label: label('placeBasis', p) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={span}>
          <Form.Item name="unemploymentReason" label={t('reg.unemploymentReason')} rules={[{ required: true, message: t('form.required') }]}>
            <Select data-testid="reg-reason" options={UNEMPLOYMENT_REASONS.map((r) => ({ value: r, label: label('unemploymentReason', r) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={span}>
          <Form.Item name="intention" label={t('person.intention')} rules={[{ required: true, message: t('form.required') }]}>
            <Select options={INTENTIONS.map((r) => ({ value: r, label: label('intention', r) }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="skills" label={t('person.skills')} extra={t('reg.skillsHint')}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} maxCount={30} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="marks" label={t('reg.marks')}>
            <Checkbox.Group options={REGISTRATION_MARKS.map((m) => ({ value: m, label: label('mark', m) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={span}>
          <Form.Item name="contributionYears" label={t('reg.contributionYears')} extra={t('reg.uiHint')}>
            <InputNumber min={0} max={60} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={span}>
          <Form.Item name="involuntaryJobLoss" label={t('reg.involuntary')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <div
        data-testid="commitment"
        style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: 12, marginBottom: 12, background: '#fafafa' }}
      >
        <Typography.Text strong>{commitment.titleZh}</Typography.Text>
        <Typography.Paragraph style={{ margin: '8px 0', whiteSpace: 'pre-wrap' }}>{commitment.textZh}</Typography.Paragraph>
        {language === 'en-US' && <Typography.Paragraph type="secondary">{commitment.textEn}</Typography.Paragraph>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reg.commitmentVersion', { version: commitment.version, source: commitment.source })}
        </Typography.Text>
      </div>
      <Form.Item
        name="agreed"
        valuePropName="checked"
        rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('reg.commitmentRequired')))) }]}
      >
        <Checkbox data-testid="commitment-agree">{t('reg.commitmentAgree')}</Checkbox>
      </Form.Item>
      {eligibility && <div style={{ marginBottom: 12 }}><EligibilityView e={eligibility} /></div>}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="registration-error" />}
      {offerJobSeeking && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('reg.offerJobSeeking')}
          action={
            <Button onClick={() => void send('job_seeking').catch(() => undefined)} loading={busy === 'job_seeking'} data-testid="register-job-seeking">
              {t('reg.jobSeekingSubmit')}
            </Button>
          }
        />
      )}
      <Flex gap={8} wrap vertical={compact}>
        {checkEligibility && (
          <Button onClick={() => void check().catch(() => undefined)} loading={busy === 'check'} block={compact} data-testid="check-eligibility">
            {t('reg.check')}
          </Button>
        )}
        <Button
          type="primary"
          size={compact ? 'large' : 'middle'}
          block={compact}
          loading={busy === 'unemployment'}
          onClick={() => void send('unemployment').catch(() => undefined)}
          data-testid="register-submit"
        >
          {t('reg.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
