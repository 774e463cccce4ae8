// Pieces the job pages share: a match's factors with their reasons, a recommendation's state and its next steps.
import { useState } from 'react';
import { App, Button, Flex, Input, Modal, Progress, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { jobMatching, type MatchFactor, type Recommendation, type RecommendationState } from '../../api/jobs.ts';
import { useI18n } from '../../locales/i18n.tsx';

const STATE_COLOR: Record<RecommendationState, string> = { recommended: 'blue', interested: 'cyan', declined: 'default', referred: 'purple', interviewed: 'gold', hired: 'green', not_hired: 'red' };

export function StateTag({ state }: { state: RecommendationState }) {
  const { label } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-testid={`rec-state-${state}`}>
      {label('recState', state)}
    </Tag>
  );
}

/** The factors of one match: the share each one gives and its reason, in the UI language. */
export function Factors({ factors, compact = false }: { factors: readonly MatchFactor[]; compact?: boolean }) {
  const { label, language } = useI18n();
  const shown = compact ? [...factors].sort((a, b) => b.points - a.points).slice(0, 4) : factors;
  return (
    <Flex vertical gap={2}>
      {shown.map((f) => (
        <Typography.Text key={f.factor} type={f.score >= 0.75 ? undefined : 'secondary'} style={{ fontSize: 12 }} data-testid={`factor-${f.factor}`}>
          <Tag style={{ marginInlineEnd: 4 }}>{label('matchFactor', f.factor)}</Tag>
          {language === 'en-US' ? f.textEn : f.textZh}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({f.points}/{f.weight})
          </Typography.Text>
        </Typography.Text>
      ))}
    </Flex>
  );
}

export function Score({ score }: { score: number }) {
  return <Progress type="circle" size={44} percent={Math.round(score)} format={(p) => `${p ?? 0}`} />;
}

/** The next steps the caller's role may take on a recommendation (the server's `next`); declining and not hiring ask for the reason. */
export function StepButtons({ rec, onMoved }: { rec: Recommendation; onMoved(r: Recommendation): void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<RecommendationState | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const steps = rec.next;
  async function move(to: RecommendationState, why?: string) {
    setBusy(true);
    try {
      onMoved(await jobMatching.move(rec.id, to, why));
      setAsking(null);
      setReason('');
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  if (steps.length === 0) return null;
  return (
    <Space wrap size={4}>
      {steps.map((s) => (
        <Button key={s} size="small" loading={busy} danger={s === 'declined' || s === 'not_hired'} type={s === 'hired' || s === 'interested' ? 'primary' : 'default'} data-testid={`rec-to-${s}`} onClick={() => (s === 'declined' || s === 'not_hired' ? setAsking(s) : void move(s))}>
          {label('recStep', s)}
        </Button>
      ))}
      <Modal open={asking !== null} title={asking ? label('recStep', asking) : ''} okText={t('common.save')} okButtonProps={{ disabled: !reason.trim(), loading: busy, ...{ 'data-testid': 'rec-reason-ok' } }} onOk={() => asking && void move(asking, reason.trim())} onCancel={() => setAsking(null)} destroyOnHidden>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('jobs.reason')} data-testid="rec-reason" />
      </Modal>
    </Space>
  );
}

export function pay(min: number | null, max: number | null): string {
  if (min === null && max === null) return '—';
  if (min !== null && max !== null) return `${min}–${max}`;
  return String(min ?? max);
}
