import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Flex, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { canDo, canReveal } from '../../access.ts';
import { ApiError } from '../../api/client.ts';
import { persons } from '../../api/endpoints.ts';
import type { PersonFile, Revealed } from '../../api/types.ts';
import { useI18n } from '../../locales/i18n.tsx';
import { useUser } from '../../state/session.tsx';
import { ErrorView } from '../../components/ErrorView.tsx';
import { Loading } from '../../components/Loading.tsx';
import { NotPermitted } from '../../components/NotPermitted.tsx';
import { RevealAction } from '../../components/RevealAction.tsx';
import { useApi } from '../../components/useApi.ts';
import { isoDate } from '../../lib/dates.ts';
import { BackgroundTab, FourClearsTab, IdentityTab, MarksTab } from './FileTabs.tsx';
import { JobsTab } from '../jobs/JobsTab.tsx';
import { PolicyVerdicts } from '../policies/PolicyVerdicts.tsx';
import { DeletionRequest } from './DeletionRequest.tsx';
import { ActivationCodeAction, ConfirmIdentityAction } from './IdentityActions.tsx';
import { DuplicatesPanel } from './DuplicatesPanel.tsx';
import { EditPersonDrawer } from './EditPersonDrawer.tsx';
import { AttachmentsTab } from './AttachmentsTab.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { HouseholdTab } from './HouseholdTab.tsx';
import { RegistrationsTab } from './RegistrationsTab.tsx';
import { ServicesTab } from '../services/ServicesTab.tsx';
import { DiaryTab } from '../services/DiaryTab.tsx';

/**
 * 一人一档: a person's whole file in tabs. `?asOf=YYYY-MM-DD` shows the file as it was at the end of that day
 * (read-only); `?tab=` keeps the open tab in the URL so back/forward and links land on it.
 */
export function PersonFilePage() {
  const { id = '' } = useParams();
  const user = useUser();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? undefined;
  // The worklist links here with `?action=service…`: open the services tab with the form pre-filled.
  const tab = params.get('tab') ?? (params.get('action') === 'service' ? 'services' : 'identity');
  const [result, retry] = useApi((signal) => persons.file(id, asOf, signal), [id, asOf]);
  // A save answers the new file; it replaces the loaded one without another round trip.
  const [saved, setSaved] = useState<PersonFile | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [editing, setEditing] = useState(false);

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    if (result.error instanceof ApiError && result.error.field?.startsWith('params.')) return <NotPermitted />;
    return <ErrorView error={result.error} onRetry={retry} />;
  }
  const loaded = result.data;
  const file = saved && saved.id === loaded.id && saved.version >= loaded.version && !asOf ? saved : loaded;
  const current = !asOf;
  const writable = current && !file.hidden && canDo(user.role, 'person.write');
  const reload = () => {
    setSaved(null);
    retry();
  };

  const tabs = [
    { key: 'identity', label: t('person.tab.identity'), children: <IdentityTab file={file} revealed={revealed} /> },
    { key: 'background', label: t('person.tab.background'), children: <BackgroundTab file={file} /> },
    { key: 'marks', label: t('person.tab.marks'), children: <MarksTab file={file} editable={writable} onChanged={setSaved} /> },
    { key: 'clears', label: t('person.tab.clears'), children: <FourClearsTab file={file} editable={writable} onChanged={setSaved} /> },
    ...(canDo(user.role, 'household.read')
      ? [{ key: 'household', label: t('person.tab.household'), children: <HouseholdTab householdId={file.householdId} relationship={file.relationship} /> }]
      : []),
    { key: 'history', label: t('person.tab.history'), children: <HistoryTab personId={file.id} version={file.version} /> },
    { key: 'policies', label: t('policy.tab'), children: <PolicyVerdicts personId={file.id} canApply={canDo(user.role, 'service.write')} /> },
    ...(canDo(user.role, 'registration.read')
      ? [
          {
            key: 'registrations',
            label: t('person.tab.registrations'),
            children: <RegistrationsTab personId={file.id} writable={writable && canDo(user.role, 'registration.write')} onChanged={reload} />,
          },
        ]
      : []),
    ...(canDo(user.role, 'service.read')
      ? [
          {
            key: 'services',
            label: t('person.tab.services'),
            children: (
              <ServicesTab
                personId={file.id}
                personName={file.name}
                jurisdictionCode={file.jurisdiction.code}
                writable={current && !file.hidden && canDo(user.role, 'service.write')}
              />
            ),
          },
          { key: 'diary', label: t('person.tab.diary'), children: <DiaryTab personId={file.id} /> },
          {
            key: 'attachments',
            label: t('person.tab.attachments'),
            children: <AttachmentsTab personId={file.id} writable={current && !file.hidden && canDo(user.role, 'service.write')} />,
          },
        ]
      : []),
    ...(canDo(user.role, 'job.match')
      ? [{ key: 'jobs', label: t('person.tab.jobs'), children: <JobsTab personId={file.id} writable={current && !file.hidden && canDo(user.role, 'job.recommend')} /> }]
      : []),
    ...(canDo(user.role, 'person.write') && current
      ? [{ key: 'duplicates', label: t('person.tab.duplicates'), children: <DuplicatesPanel file={file} canMerge={canDo(user.role, 'person.merge')} onMerged={setSaved} /> }]
      : []),
  ];

  return (
    <Flex vertical gap={12}>
      <div>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common.back')}
        </Button>
      </div>
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <span>{t('person.title')}</span>
            <Typography.Text strong data-testid="person-name">
              {file.name}
            </Typography.Text>
            {file.employmentStatus && <Tag>{label('employmentStatus', file.employmentStatus)}</Tag>}
            {file.marks.map((m) => (
              <Tag key={m} color="blue">
                {label('mark', m)}
              </Tag>
            ))}
            {!file.identity.verified && (
              <Tag color="orange" data-testid="identity-unverified">
                {t('identity.unverified')}
              </Tag>
            )}
            {file.flags.map((f) => (
              <Tag key={f} color="red">
                {label('flag', f)}
              </Tag>
            ))}
          </Flex>
        }
        extra={
          <Flex gap={8} wrap justify="end">
            {canReveal(user.role) && !revealed && current && <RevealAction personId={file.id} onRevealed={setRevealed} />}
            {writable && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
                {t('person.edit')}
              </Button>
            )}
            {writable && !file.identity.verified && (
              <ConfirmIdentityAction
                personId={file.id}
                onDone={(f) => {
                  void message.success(t('identity.confirmed'));
                  setSaved(f);
                }}
              />
            )}
            {writable && <ActivationCodeAction personId={file.id} />}
            {current && !file.hidden && canDo(user.role, 'person.deletionRequest') && (
              <DeletionRequest
                personId={file.id}
                onDone={() => {
                  void message.success(t('deletion.done'));
                  reload();
                }}
              />
            )}
          </Flex>
        }
      >
        <Flex vertical gap={12}>
          {file.hidden && (
            <Alert
              type="warning"
              showIcon
              title={file.mergedInto ? t('person.hidden.merged', { id: file.mergedInto }) : t('person.hidden')}
              description={file.hiddenReason ?? undefined}
            />
          )}
          {!file.identity.verified && <Alert type="warning" showIcon title={t('identity.unverified')} description={t('identity.unverifiedText')} />}
          <Flex align="center" gap={8} wrap>
            <Typography.Text>{t('person.asOf')}</Typography.Text>
            <DatePicker
              data-testid="as-of"
              value={asOf ? dayjs(asOf) : null}
              allowClear
              placeholder={t('person.asOf.now')}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              onChange={(d) => set({ asOf: d ? isoDate(d.toDate()) : null })}
            />
            {asOf && (
              <Alert type="info" showIcon title={t('person.asOf.viewing', { date: asOf })} style={{ paddingBlock: 2 }} data-testid="as-of-banner" />
            )}
          </Flex>
          <Tabs activeKey={tabs.some((x) => x.key === tab) ? tab : 'identity'} onChange={(k) => set({ tab: k === 'identity' ? null : k })} items={tabs} />
        </Flex>
      </Card>
      {writable && (
        <EditPersonDrawer
          file={file}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={(f) => {
            setSaved(f);
            setEditing(false);
            void message.success(t('common.saved'));
          }}
          onReload={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
    </Flex>
  );
}
