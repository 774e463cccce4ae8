// The read-only tabs of a person file: identity and places, background (education, skills, certificates, work
// history), marks with their provenance, and the four clears.
import { useState } from 'react';
import { App, Button, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { errorMessage } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import {
  CLEARS,
  ENTERABLE_MARKS,
  FACT_SOURCES,
  type Clear,
  type ClearState,
  type FactSource,
  type MarkRecord,
  type MarkInput,
  type PersonFile,
  type Place,
  type Revealed,
} from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { formatTime, isoDate, todayIso } from '../../lib/dates.ts';

export const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

function PlaceText({ place }: { place: Place | null }) {
  if (!place) return <>—</>;
  return (
    <Flex vertical>
      <span>
        {place.name} <Typography.Text type="secondary">{place.code}</Typography.Text>
      </span>
      {place.address && <Typography.Text type="secondary">{place.address}</Typography.Text>}
    </Flex>
  );
}

export function IdentityTab({ file, revealed }: { file: PersonFile; revealed: Revealed | null }) {
  const { t, label, language } = useI18n();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={[
        { key: 'name', label: t('persons.col.name'), children: file.name },
        { key: 'sex', label: t('persons.col.sex'), children: label('sex', file.sex) },
        { key: 'birthDate', label: t('persons.col.birthDate'), children: file.birthDate },
        { key: 'documentType', label: t('person.documentType'), children: label('documentType', file.documentType) },
        {
          key: 'idNumber',
          label: t('persons.col.idNumber'),
          children: (
            <Typography.Text code data-testid="person-id-number">
              {revealed ? revealed.idNumber : file.idNumberMasked}
            </Typography.Text>
          ),
        },
        {
          key: 'phone',
          label: t('persons.col.phone'),
          children: <span data-testid="person-phone">{dash(revealed ? revealed.phone : file.phoneMasked)}</span>,
        },
        { key: 'jurisdiction', label: t('persons.col.jurisdiction'), children: file.jurisdiction.name },
        { key: 'residence', label: t('person.place.residence'), children: <PlaceText place={file.residence} /> },
        { key: 'hukou', label: t('person.place.hukou'), children: <PlaceText place={file.hukou} /> },
        { key: 'insured', label: t('person.place.insured'), children: <PlaceText place={file.insured} /> },
        { key: 'workplace', label: t('person.place.workplace'), children: <PlaceText place={file.workplace} /> },
        {
          key: 'employmentStatus',
          label: t('person.employmentStatus'),
          children: file.employmentStatus ? label('employmentStatus', file.employmentStatus) : '—',
        },
        {
          key: 'laborCapacity',
          label: t('person.laborCapacity'),
          children: file.laborCapacity ? label('laborCapacity', file.laborCapacity) : '—',
        },
        {
          key: 'retirementCategory',
          label: t('person.retirementCategory'),
          children: file.retirementCategory ? label('retirementCategory', file.retirementCategory) : '—',
        },
        {
          key: 'restricted',
          label: t('person.restricted'),
          // Disability grade and income are shown only through the audited reveal; here only whether they exist.
          children: t('person.restricted.value', {
            disability: file.hasDisabilityGrade ? t('common.recorded') : t('common.notRecorded'),
            income: file.hasIncome ? t('common.recorded') : t('common.notRecorded'),
          }),
        },
        { key: 'createdAt', label: t('person.createdAt'), children: formatTime(file.createdAt, language) },
        {
          key: 'updatedAt',
          label: t('person.updatedAt'),
          children: `${formatTime(file.updatedAt, language)} · ${t('person.version', { version: file.version })}`,
        },
      ]}
    />
  );
}

export function BackgroundTab({ file }: { file: PersonFile }) {
  const { t, label } = useI18n();
  return (
    <Flex vertical gap={16}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'education', label: t('person.education'), children: file.education ? label('education', file.education) : '—' },
          { key: 'intention', label: t('person.intention'), children: file.intention ? label('intention', file.intention) : '—' },
          {
            key: 'serviceNeeds',
            label: t('person.serviceNeeds'),
            children:
              file.serviceNeeds.length === 0 ? (
                t('common.none')
              ) : (
                <Flex wrap gap={4}>
                  {file.serviceNeeds.map((s) => (
                    <Tag key={s}>{label('serviceType', s)}</Tag>
                  ))}
                </Flex>
              ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('person.skills')}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(s) => `${s.name}/${s.level ?? ''}`}
        pagination={false}
        dataSource={file.skills}
        locale={{ emptyText: t('common.none') }}
        columns={[
          { key: 'name', title: t('person.skill.name'), dataIndex: 'name' },
          { key: 'level', title: t('person.skill.level'), render: (_, s) => dash(s.level) },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('person.certificates')}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(c) => `${c.name}/${c.number ?? ''}`}
        pagination={false}
        dataSource={file.certificates}
        locale={{ emptyText: t('common.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('person.certificate.name'), dataIndex: 'name' },
          { key: 'number', title: t('person.certificate.number'), render: (_, c) => dash(c.number) },
          { key: 'issuer', title: t('person.certificate.issuer'), render: (_, c) => dash(c.issuer) },
          { key: 'issuedOn', title: t('person.certificate.issuedOn'), render: (_, c) => dash(c.issuedOn) },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('person.workHistory')}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(w) => `${w.employer}/${w.from}`}
        pagination={false}
        dataSource={file.workHistory}
        locale={{ emptyText: t('common.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'employer', title: t('person.work.employer'), dataIndex: 'employer' },
          { key: 'position', title: t('person.work.position'), render: (_, w) => dash(w.position) },
          { key: 'from', title: t('person.work.from'), dataIndex: 'from' },
          { key: 'to', title: t('person.work.to'), render: (_, w) => w.to ?? t('person.work.current') },
        ]}
      />
    </Flex>
  );
}

interface MarkForm {
  mark: MarkInput['mark'];
  since?: dayjs.Dayjs;
  source: FactSource;
  note?: string;
}

/** Marks with their source, dates and author; staff may add a mark or end an active one. */
export function MarksTab({ file, editable, onChanged }: { file: PersonFile; editable: boolean; onChanged: (f: PersonFile) => void }) {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<MarkForm>();

  const add = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onChanged(
        await persons.addMark(file.id, {
          mark: v.mark,
          source: v.source,
          since: v.since ? isoDate(v.since.toDate()) : undefined,
          note: v.note?.trim() || undefined,
        }),
      );
      setAdding(false);
      form.resetFields();
      void message.success(t('common.saved'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const end = (m: MarkRecord) =>
    modal.confirm({
      title: t('mark.end.confirm', { mark: label('mark', m.mark) }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          onChanged(await persons.endMark(file.id, { mark: m.mark as MarkInput['mark'], until: todayIso(), source: 'visit' }));
        } catch (err) {
          void message.error(errorMessage(err));
        }
      },
    });

  return (
    <Flex vertical gap={12}>
      {editable && (
        <div>
          <Button type="primary" onClick={() => setAdding(true)} data-testid="mark-add">
            {t('mark.add')}
          </Button>
        </div>
      )}
      <Table<MarkRecord>
        size="small"
        rowKey={(m) => `${m.mark}/${m.since}`}
        pagination={false}
        dataSource={file.markHistory}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('mark.none')} /> }}
        columns={[
          {
            key: 'mark',
            title: t('persons.col.marks'),
            render: (_, m) => <Tag color={m.until ? undefined : 'blue'}>{label('mark', m.mark)}</Tag>,
          },
          { key: 'since', title: t('mark.since'), dataIndex: 'since' },
          { key: 'until', title: t('mark.until'), render: (_, m) => m.until ?? t('mark.active') },
          { key: 'source', title: t('fact.source'), render: (_, m) => label('source', m.source) },
          { key: 'recordedBy', title: t('mark.recordedBy'), render: (_, m) => dash(m.recordedBy) },
          { key: 'note', title: t('mark.note'), render: (_, m) => dash(m.note) },
          ...(editable
            ? [
                {
                  key: 'action',
                  title: '',
                  render: (_: unknown, m: MarkRecord) =>
                    m.until ? null : (
                      <Button size="small" onClick={() => end(m)}>
                        {t('mark.end')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding}
        title={t('mark.add')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void add().catch(() => undefined)}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
        <Form form={form} layout="vertical" initialValues={{ source: 'visit' }}>
          <Form.Item name="mark" label={t('persons.col.marks')} rules={[{ required: true, message: t('form.required') }]}>
            <Select options={ENTERABLE_MARKS.map((m) => ({ value: m, label: label('mark', m) }))} />
          </Form.Item>
          <Form.Item name="since" label={t('mark.since')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="source" label={t('fact.source')} rules={[{ required: true, message: t('form.required') }]}>
            <Select options={FACT_SOURCES.map((s) => ({ value: s, label: label('source', s) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('mark.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

const CLEAR_COLOR: Record<ClearState['status'], string> = { complete: 'green', stale: 'orange', missing: 'red' };

/** The four clears (四清): each complete / stale (older than the configured age) / missing, with when and how. */
export function FourClearsTab({ file, editable, onChanged }: { file: PersonFile; editable: boolean; onChanged: (f: PersonFile) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [recording, setRecording] = useState<Clear | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ on: dayjs.Dayjs; source: FactSource; note?: string }>();
  const fc = file.fourClears;

  const record = async () => {
    if (!recording) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      onChanged(await persons.recordFact(file.id, { clear: recording, on: isoDate(v.on.toDate()), source: v.source, note: v.note?.trim() || undefined }));
      setRecording(null);
      void message.success(t('common.saved'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Tag color={fc.complete ? 'green' : 'orange'} data-testid="four-clears-overall">
          {fc.complete ? t('clears.complete') : t('clears.incomplete')}
        </Tag>
        <Typography.Text type="secondary">{t('clears.staleAfter', { days: fc.staleAfterDays })}</Typography.Text>
      </Flex>
      <Table
        size="small"
        rowKey="clear"
        pagination={false}
        dataSource={CLEARS.map((c) => ({ clear: c, ...fc[c] }))}
        columns={[
          { key: 'clear', title: t('clears.item'), render: (_, r) => label('clears', r.clear) },
          { key: 'status', title: t('clears.status'), render: (_, r) => <Tag color={CLEAR_COLOR[r.status]}>{label('clears.status', r.status)}</Tag> },
          { key: 'on', title: t('clears.on'), render: (_, r) => dash(r.on) },
          { key: 'source', title: t('fact.source'), render: (_, r) => (r.source ? label('source', r.source) : '—') },
          ...(editable
            ? [
                {
                  key: 'action',
                  title: '',
                  render: (_: unknown, r: { clear: Clear }) => (
                    <Button
                      size="small"
                      onClick={() => {
                        form.setFieldsValue({ on: dayjs(), source: 'visit', note: undefined });
                        setRecording(r.clear);
                      }}
                    >
                      {t('clears.record')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={recording !== null}
        title={recording ? t('clears.recordTitle', { item: label('clears', recording) }) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void record().catch(() => undefined)}
        onCancel={() => setRecording(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          <Form.Item name="on" label={t('clears.on')} rules={[{ required: true, message: t('form.required') }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="source" label={t('fact.source')} rules={[{ required: true, message: t('form.required') }]}>
            <Select options={FACT_SOURCES.map((s) => ({ value: s, label: label('source', s) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('mark.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
