import { useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { errorMessage } from '../api/client.ts';
import { persons } from '../api/endpoints.ts';
import type { PersonDetail, Revealed } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';

function show(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

/**
 * One person's file with masked ID number and phone. With `revealable`, "查看完整信息" asks for a reason and calls
 * `/reveal`; the server audits the reason with the read.
 */
export function PersonView({ person, revealable, title }: { person: PersonDetail; revealable: boolean; title: string }) {
  const { t, label, language } = useI18n();
  const { message } = App.useApp();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const when = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(language);
  };

  const reveal = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      setRevealed(await persons.reveal(person.id, reason.trim()));
      setAsking(false);
      form.resetFields();
      void message.success(t('person.reveal.done'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          <span>{title}</span>
          <Typography.Text strong data-testid="person-name">
            {person.name}
          </Typography.Text>
        </Flex>
      }
      extra={
        revealable && !revealed ? (
          <Button icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid="reveal-button">
            {t('person.reveal')}
          </Button>
        ) : undefined
      }
    >
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'name', label: t('persons.col.name'), children: person.name },
          { key: 'sex', label: t('persons.col.sex'), children: label('sex', person.sex) },
          { key: 'birthDate', label: t('persons.col.birthDate'), children: person.birthDate },
          {
            key: 'idNumber',
            label: t('persons.col.idNumber'),
            children: (
              <Typography.Text code data-testid="person-id-number">
                {revealed ? revealed.idNumber : person.idNumberMasked}
              </Typography.Text>
            ),
          },
          {
            key: 'phone',
            label: t('persons.col.phone'),
            children: <span data-testid="person-phone">{show(revealed ? revealed.phone : person.phoneMasked)}</span>,
          },
          { key: 'jurisdiction', label: t('persons.col.jurisdiction'), children: person.jurisdiction.name },
          { key: 'address', label: t('person.address'), children: show(person.address) },
          { key: 'householdId', label: t('person.householdId'), children: show(person.householdId) },
          {
            key: 'relationship',
            label: t('person.relationship'),
            children: person.relationship ? label('relationship', person.relationship) : '—',
          },
          {
            key: 'education',
            label: t('person.education'),
            children: person.education ? label('education', person.education) : '—',
          },
          {
            key: 'employmentStatus',
            label: t('person.employmentStatus'),
            children: person.employmentStatus ? label('employmentStatus', person.employmentStatus) : '—',
          },
          {
            key: 'laborCapacity',
            label: t('person.laborCapacity'),
            children: person.laborCapacity ? label('laborCapacity', person.laborCapacity) : '—',
          },
          {
            key: 'intention',
            label: t('person.intention'),
            children: person.intention ? label('intention', person.intention) : '—',
          },
          {
            key: 'marks',
            label: t('persons.col.marks'),
            children:
              person.marks.length === 0 ? (
                t('common.none')
              ) : (
                <Flex wrap gap={4}>
                  {person.marks.map((m) => (
                    <Tag key={m}>{label('mark', m)}</Tag>
                  ))}
                </Flex>
              ),
          },
          { key: 'createdAt', label: t('person.createdAt'), children: when(person.createdAt) },
          { key: 'updatedAt', label: t('person.updatedAt'), children: when(person.updatedAt) },
        ]}
      />
      <Modal
        open={asking}
        title={t('person.reveal.title')}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => void reveal().catch(() => undefined)}
        onCancel={() => {
          setAsking(false);
          setError(null);
        }}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('person.reveal.notice')}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} />}
          <Form form={form} layout="vertical">
            <Form.Item
              name="reason"
              label={t('person.reveal.reason')}
              rules={[
                { required: true, whitespace: true, message: t('person.reveal.reasonRequired') },
                // Same bounds as the server (ZRevealBody: 2–200 characters), checked here to save a round trip.
                { min: 2, max: 200, message: t('person.reveal.reasonLength', { min: 2, max: 200 }) },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                placeholder={t('person.reveal.reasonPlaceholder')}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </Flex>
      </Modal>
    </Card>
  );
}
