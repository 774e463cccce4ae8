// Citizen portal "policies for me" (政策找人): the policies in force where the citizen lives, which they qualify for,
// nearly qualify for (what is missing) or not, with the clause; apply where they may.
import { Card } from 'antd';
import { useI18n } from '../locales/i18n.tsx';
import { PolicyVerdicts } from '../pages/policies/PolicyVerdicts.tsx';

export function CitizenPoliciesPage() {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('policy.forMe')} data-testid="citizen-policies">
      <PolicyVerdicts mine canApply />
    </Card>
  );
}
