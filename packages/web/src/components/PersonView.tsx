import { useState } from 'react';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { PersonDetail, Revealed } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { formatTime } from '../lib/dates.ts';
import { RevealAction } from './RevealAction.tsx';

function show(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

/**
 * One person's file with masked ID number and phone. With `revealable`, "查看完整信息" asks for a reason and calls
 * `/reveal`; the server audits the reason with the read.
 */
export function PersonView({ person, revealable, title }: { person: PersonDetail; revealable: boolean; title: string }) {
  const { t, label, language } = useI18n();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const when = (iso: string) => formatTime(iso, language);

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
        revealable && !revealed ? <RevealAction personId={person.id} onRevealed={setRevealed} /> : undefined
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
    </Card>
  );
}
