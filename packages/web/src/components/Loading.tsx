import { Flex, Spin } from 'antd';
import { useT } from '../locales/i18n.tsx';

export function Loading() {
  const t = useT();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 200 }}>
      <Spin tip={t('common.loading')}>
        <div style={{ width: 80, height: 80 }} />
      </Spin>
    </Flex>
  );
}
