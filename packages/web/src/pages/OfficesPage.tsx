import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Flex, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { citizen, offices } from '../api/endpoints.ts';
import type { Office } from '../api/types.ts';
import { useI18n } from '../locales/i18n.tsx';
import { useJurisdiction } from '../state/jurisdiction.tsx';
import { ErrorView } from '../components/ErrorView.tsx';
import { Loading } from '../components/Loading.tsx';
import { useApi } from '../components/useApi.ts';
import { ListTable, useListQuery, whole } from '../components/ListTable.tsx';

/** Public employment service offices of the picked jurisdiction, each with its QR code for online registration. */
export function OfficesPage() {
  const { t, label } = useI18n();
  const { current } = useJurisdiction();
  const list = useListQuery([] as const, { resetOn: current.code });
  return (
    <Card title={t('offices.title')} extra={<Typography.Text type="secondary">{t('persons.scope', { name: current.name })}</Typography.Text>}>
      <ListTable<Office, never>
        query={list}
        rowKey="id"
        deps={[current.code]}
        // The offices list is not paged on the server: the table pages the whole list.
        load={(_page, signal) => whole(offices.list(current.code, signal))}
        columns={[
          { key: 'name', title: t('offices.name'), dataIndex: 'name' },
          { key: 'level', title: t('home.level'), render: (_, o) => label('level', o.level), responsive: ['md'] },
          { key: 'address', title: t('person.address'), dataIndex: 'address', responsive: ['md'] },
          { key: 'phone', title: t('offices.phone'), dataIndex: 'phone' },
          {
            key: 'qr',
            title: '',
            render: (_, o) => (
              <Link to={`/offices/${encodeURIComponent(o.id)}/qr`}>
                <Button size="small" icon={<QrcodeOutlined />} data-testid="office-qr">
                  {t('offices.qr')}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A printable card: office name, address and phone with the QR code leading to the online registration entry. */
export function OfficeQrPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [result, retry] = useApi((signal) => citizen.office(id, signal), [id]);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorView error={result.error} onRetry={retry} />;
  const o = result.data;
  const entry = `${window.location.origin}/citizen/register?office=${encodeURIComponent(o.id)}`;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} className="no-print">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('common.back')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('offices.print')}
        </Button>
      </Flex>
      <Card style={{ maxWidth: 480 }}>
        <Flex vertical align="center" gap={12}>
          <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }}>
            {o.name}
          </Typography.Title>
          <Typography.Text>{t('offices.scanToRegister')}</Typography.Text>
          <img src={offices.qrUrl(o.id)} alt={t('offices.qrAlt', { name: o.name })} width={240} height={240} data-testid="qr-image" />
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'address', label: t('person.address'), children: o.address },
              { key: 'phone', label: t('offices.phone'), children: o.phone },
              { key: 'jurisdiction', label: t('persons.col.jurisdiction'), children: o.jurisdiction.name },
            ]}
          />
          <Typography.Text type="secondary" copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {entry}
          </Typography.Text>
        </Flex>
      </Card>
    </Flex>
  );
}
