// The caseworker's answer to a citizen's "I found a job" (a `verify_employment` worklist item): confirm — the
// employment registration is made and ends the unemployment registration — or reject with a reason the person sees.
import { useState } from 'react';
import { Button, Input, Modal, Popconfirm, Space } from 'antd';
import { selfReports } from '../../api/followup.ts';
import type { WorkItem } from '../../api/types.ts';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../locales/i18n.tsx';

export function VerifyEmploymentActions({ item, onDone }: { item: WorkItem; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const ref = item.ref;
  if (!ref) return null;
  const confirm = async () => {
    if (await action.run(() => selfReports.confirm(item.personId, ref), { success: t('followup.confirmed'), toast: true })) onDone();
  };
  const reject = async () => {
    if (await action.run(() => selfReports.reject(item.personId, ref, reason.trim()), { success: t('followup.rejected'), toast: true })) {
      setRejecting(false);
      onDone();
    }
  };
  return (
    <Space size={4}>
      <Popconfirm
        title={t('followup.confirm')}
        description={t('followup.confirmText', { name: item.name, employer: item.employment?.employerName ?? '', startedOn: item.employment?.startedOn ?? '' })}
        onConfirm={() => void confirm()}
        okButtonProps={{ ...{ 'data-testid': 'verify-confirm-ok' } }}
      >
        <Button size="small" type="primary" loading={action.busy} data-testid="verify-confirm">
          {t('followup.confirm')}
        </Button>
      </Popconfirm>
      <Button size="small" danger loading={action.busy} onClick={() => setRejecting(true)} data-testid="verify-reject">
        {t('followup.reject')}
      </Button>
      <Modal
        open={rejecting}
        title={t('followup.reject')}
        okText={t('followup.reject')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: action.busy, ...{ 'data-testid': 'verify-reject-ok' } }}
        onOk={() => void reject()}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} placeholder={t('followup.rejectReason')} data-testid="verify-reason" />
      </Modal>
    </Space>
  );
}
