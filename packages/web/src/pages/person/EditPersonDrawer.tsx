import { useEffect, useState } from 'react';
import { Alert, Button, Col, Drawer, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import {
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  FACT_SOURCES,
  INTENTIONS,
  LABOR_CAPACITIES,
  SERVICE_TYPES,
  type FactSource,
  type PersonFile,
  type PersonUpdateBody,
  type Place,
  type PlaceInput,
  type Skill,
  type WorkHistoryEntry,
} from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { showFieldErrors } from '../../lib/form-errors.ts';

interface Values {
  name: string;
  phone?: string;
  residence: { code: string | null; address?: string };
  hukou: { code: string | null; address?: string };
  education: Exclude<PersonUpdateBody['education'], undefined>;
  laborCapacity?: PersonUpdateBody['laborCapacity'];
  employmentStatus: NonNullable<PersonUpdateBody['employmentStatus']>;
  intention: Exclude<PersonUpdateBody['intention'], undefined>;
  serviceNeeds: NonNullable<PersonUpdateBody['serviceNeeds']>;
  skills: Skill[];
  workHistory: WorkHistoryEntry[];
  source: FactSource;
  reason?: string;
}

const FIELDS = ['name', 'phone', 'residence', 'hukou', 'education', 'laborCapacity', 'employmentStatus', 'intention', 'serviceNeeds', 'skills', 'workHistory', 'source', 'reason'];

const placeOf = (p: Place | null) => ({ code: p?.code ?? null, address: p?.address ?? undefined });

function initial(file: PersonFile): Values {
  return {
    name: file.name,
    residence: placeOf(file.residence),
    hukou: placeOf(file.hukou),
    // The file answers these as plain strings (persons contract); they were stored through the same code lists.
    education: file.education as Values['education'],
    laborCapacity: (file.laborCapacity ?? undefined) as Values['laborCapacity'],
    employmentStatus: (file.employmentStatus ?? 'unemployed') as Values['employmentStatus'],
    intention: file.intention as Values['intention'],
    serviceNeeds: file.serviceNeeds as Values['serviceNeeds'],
    skills: file.skills,
    workHistory: file.workHistory,
    source: 'visit',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function placeInput(p: { code: string | null; address?: string }): PlaceInput | null {
  if (!p.code) return null;
  const address = p.address?.trim();
  return address ? { code: p.code, address } : { code: p.code };
}

/** Only what changed is sent, with the version the form was opened on (optimistic concurrency). */
export function updateBody(file: PersonFile, v: Values): PersonUpdateBody {
  const body: PersonUpdateBody = { version: file.version, source: v.source };
  if (v.reason?.trim()) body.reason = v.reason.trim();
  if (v.name.trim() !== file.name) body.name = v.name.trim();
  // The phone is only ever shown masked: an empty box means "unchanged".
  if (v.phone?.trim()) body.phone = v.phone.trim();
  const residence = placeInput(v.residence);
  if (residence && !same(residence, placeInput(placeOf(file.residence)))) body.residence = residence;
  const hukou = placeInput(v.hukou);
  if (!same(hukou, placeInput(placeOf(file.hukou)))) body.hukou = hukou;
  if (!same(v.education, file.education)) body.education = v.education;
  if (v.laborCapacity && v.laborCapacity !== file.laborCapacity) body.laborCapacity = v.laborCapacity;
  if (v.employmentStatus !== file.employmentStatus) body.employmentStatus = v.employmentStatus;
  if (!same(v.intention, file.intention)) body.intention = v.intention;
  if (!same(v.serviceNeeds, file.serviceNeeds)) body.serviceNeeds = v.serviceNeeds;
  const skills = v.skills.map((s) => (s.level?.trim() ? { name: s.name.trim(), level: s.level.trim() } : { name: s.name.trim() }));
  if (!same(skills, file.skills)) body.skills = skills;
  const work = v.workHistory.map((w) => {
    const e: WorkHistoryEntry = { employer: w.employer.trim(), from: w.from };
    if (w.position?.trim()) e.position = w.position.trim();
    if (w.to) e.to = w.to;
    return e;
  });
  if (!same(work, file.workHistory)) body.workHistory = work;
  return body;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Edits the file. The server refuses a stale `version` (someone else saved in between): that is shown as a conflict
 * with the way out (load the current file), never silently overwritten. Field errors land on their fields.
 */
export function EditPersonDrawer({
  file,
  open,
  onClose,
  onSaved,
  onReload,
}: {
  file: PersonFile;
  open: boolean;
  onClose: () => void;
  onSaved: (f: PersonFile) => void;
  onReload: () => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial(file));
      setConflict(null);
      setError(null);
    }
  }, [open, file, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onSaved(await persons.update(file.id, updateBody(file, v)));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        setConflict(err.message);
      } else {
        const rest = showFieldErrors(form, err, FIELDS);
        setError(rest.length ? rest.join('；') : null);
      }
    } finally {
      setBusy(false);
    }
  };

  const opt = (list: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: label(list, c) }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      title={t('person.edit.title', { name: file.name })}
      destroyOnHidden={false}
      // A refusal stays in sight however far the form is scrolled.
      footer={
        conflict || error ? (
          <Flex vertical gap={8}>
            {conflict && (
              <Alert
                type="error"
                showIcon
                data-testid="version-conflict"
                title={t('person.edit.conflict')}
                description={conflict}
                action={
                  <Button size="small" onClick={onReload}>
                    {t('person.edit.reload')}
                  </Button>
                }
              />
            )}
            {error && <Alert type="error" showIcon title={error} />}
          </Flex>
        ) : undefined
      }
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save().catch(() => undefined)} disabled={conflict !== null} data-testid="person-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('person.edit.version', { version: file.version })}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('persons.col.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('persons.col.phone')} extra={t('person.edit.phoneHint', { masked: file.phoneMasked ?? '—' })}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['residence', 'code']} label={t('person.place.residence')} rules={[{ required: true, message: t('form.required') }]}>
              <DivisionSelect villageOnly />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['residence', 'address']} label={t('person.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['hukou', 'code']} label={t('person.place.hukou')}>
              <DivisionSelect />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['hukou', 'address']} label={t('person.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="employmentStatus" label={t('person.employmentStatus')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={opt('employmentStatus', EMPLOYMENT_STATUSES)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="laborCapacity" label={t('person.laborCapacity')}>
              <Select options={opt('laborCapacity', LABOR_CAPACITIES)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="education" label={t('person.education')}>
              <Select allowClear options={opt('education', EDUCATION_LEVELS)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="intention" label={t('person.intention')}>
              <Select allowClear options={opt('intention', INTENTIONS)} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="serviceNeeds" label={t('person.serviceNeeds')}>
              <Select mode="multiple" options={opt('serviceType', SERVICE_TYPES)} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('person.skills')}</Typography.Title>
        <Form.List name="skills">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('form.required') }]} style={{ flex: 2 }}>
                    <Input placeholder={t('person.skill.name')} maxLength={60} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'level']} style={{ flex: 1 }}>
                    <Input placeholder={t('person.skill.level')} maxLength={30} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ name: '' })} icon={<PlusOutlined />} block style={{ marginBottom: 16 }}>
                {t('person.skill.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('person.workHistory')}</Typography.Title>
        <Form.List name="workHistory">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="baseline" wrap>
                  <Form.Item name={[f.name, 'employer']} rules={[{ required: true, whitespace: true, message: t('form.required') }]} style={{ flex: '2 1 160px' }}>
                    <Input placeholder={t('person.work.employer')} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'position']} style={{ flex: '1 1 100px' }}>
                    <Input placeholder={t('person.work.position')} maxLength={60} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'from']} rules={[{ required: true, pattern: DATE, message: t('form.date') }]} style={{ flex: '1 1 120px' }}>
                    <Input placeholder={t('person.work.from')} type="date" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'to']} rules={[{ pattern: DATE, message: t('form.date') }]} style={{ flex: '1 1 120px' }}>
                    <Input placeholder={t('person.work.to')} type="date" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ employer: '', from: '' })} icon={<PlusOutlined />} block style={{ marginBottom: 16 }}>
                {t('person.work.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="source" label={t('fact.source')} rules={[{ required: true, message: t('form.required') }]}>
              <Select options={opt('source', FACT_SOURCES)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="reason" label={t('person.edit.reason')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
