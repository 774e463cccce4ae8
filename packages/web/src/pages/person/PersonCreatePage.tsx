import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Flex, Form, Input, List, Result, Row, Select, Tag, Typography } from 'antd';
import { persons } from '../../api/endpoints.ts';
import {
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  ENTERABLE_MARKS,
  FACT_SOURCES,
  INTENTIONS,
  LABOR_CAPACITIES,
  type FactSource,
  type PersonCreateBody,
  type PersonCreated,
} from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useJurisdiction } from '../../state/jurisdiction.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';

interface Values {
  idNumber: string;
  name: string;
  phone?: string;
  residence: { code: string | null; address?: string };
  hukou: { code: string | null; address?: string };
  education?: NonNullable<PersonCreateBody['education']>;
  laborCapacity?: PersonCreateBody['laborCapacity'];
  employmentStatus: PersonCreateBody['employmentStatus'];
  intention?: NonNullable<PersonCreateBody['intention']>;
  marks: NonNullable<PersonCreateBody['marks']>[number]['mark'][];
  source: FactSource;
}

const FIELDS = ['idNumber', 'name', 'phone', 'residence', 'hukou', 'education', 'laborCapacity', 'employmentStatus', 'intention', 'marks', 'source', 'sex', 'birthDate', 'documentType'];

export function createBody(v: Values): PersonCreateBody {
  const place = (p: { code: string | null; address?: string }) => (p.code ? { code: p.code, ...(p.address?.trim() ? { address: p.address.trim() } : {}) } : null);
  const residence = place(v.residence);
  if (!residence) throw new Error('residence is required');
  return {
    idNumber: v.idNumber.trim(),
    name: v.name.trim(),
    ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
    residence,
    ...(place(v.hukou) ? { hukou: place(v.hukou) } : {}),
    ...(v.education ? { education: v.education } : {}),
    ...(v.laborCapacity ? { laborCapacity: v.laborCapacity } : {}),
    employmentStatus: v.employmentStatus,
    ...(v.intention ? { intention: v.intention } : {}),
    ...(v.marks.length ? { marks: v.marks.map((mark) => ({ mark, source: v.source })) } : {}),
    source: v.source,
  };
}

/**
 * 新建档案. Identity (check digit, birth date, age) is checked by the server with the rules package; every error it
 * names is shown on its field. A created file may come back with possible duplicates to look at.
 */
export function PersonCreatePage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { current } = useJurisdiction();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<PersonCreated | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await persons.create(createBody(v));
      if (r.possibleDuplicates.length === 0) navigate(`/persons/${encodeURIComponent(r.file.id)}`, { replace: true });
      else setCreated(r);
    } catch (err) {
      const rest = showFieldErrors(form, err, FIELDS);
      setError(rest.length ? rest.join('；') : null);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Card>
        <Result
          status="warning"
          title={t('person.created.withDuplicates', { name: created.file.name })}
          extra={
            <Button type="primary" onClick={() => navigate(`/persons/${encodeURIComponent(created.file.id)}?tab=duplicates`)}>
              {t('person.created.open')}
            </Button>
          }
        />
        <List
          dataSource={created.possibleDuplicates}
          renderItem={(d) => (
            <List.Item>
              <Flex gap={8} wrap align="center">
                <Link to={`/persons/${encodeURIComponent(d.id)}`}>{d.name}</Link>
                <Typography.Text code>{d.idNumberMasked}</Typography.Text>
                <span>{d.birthDate}</span>
                <span>{d.jurisdiction.name}</span>
                {d.matched.map((m) => (
                  <Tag key={m} color="orange">
                    {label('dupField', m)}
                  </Tag>
                ))}
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    );
  }

  const opt = (list: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: label(list, c) }));
  return (
    <Card title={t('person.new')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ employmentStatus: 'unemployed', laborCapacity: 'full', source: 'visit', marks: [], residence: { code: current.code.endsWith('000') ? null : current.code }, hukou: { code: null } }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="idNumber" label={t('persons.col.idNumber')} extra={t('person.new.idHint')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={40} autoComplete="off" data-testid="create-id-number" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('persons.col.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={50} data-testid="create-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('persons.col.phone')}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="source" label={t('fact.source')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={opt('source', FACT_SOURCES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['residence', 'code']} label={t('person.place.residence')} rules={[{ required: true, message: t('form.required') }]}>
              <DivisionSelect villageOnly testId="create-residence" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['residence', 'address']} label={t('person.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['hukou', 'code']} label={t('person.place.hukou')}>
              <DivisionSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['hukou', 'address']} label={t('person.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="employmentStatus" label={t('person.employmentStatus')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={opt('employmentStatus', EMPLOYMENT_STATUSES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="laborCapacity" label={t('person.laborCapacity')}>
              <Select options={opt('laborCapacity', LABOR_CAPACITIES)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="education" label={t('person.education')}>
              <Select allowClear options={opt('education', EDUCATION_LEVELS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="intention" label={t('person.intention')}>
              <Select allowClear options={opt('intention', INTENTIONS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="marks" label={t('persons.col.marks')}>
              <Select mode="multiple" options={opt('mark', ENTERABLE_MARKS)} />
            </Form.Item>
          </Col>
        </Row>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="create-submit">
            {t('person.new.submit')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Flex>
      </Form>
    </Card>
  );
}
