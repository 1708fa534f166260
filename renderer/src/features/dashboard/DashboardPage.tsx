import { AlertOutlined, AppstoreOutlined, DollarOutlined, TeamOutlined, UserOutlined, WalletOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Row, Statistic } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { type ChartOption, EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatInteger, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';

type Summary = Output<'dashboard.summary'>;

function StatCard({
  title,
  value,
  icon,
  color,
  testId,
  money,
  href,
}: { title: string; value: number | undefined; icon: ReactNode; color: string; testId: string; money?: string; href?: string }) {
  const locale = intlLocale(currentLanguage());
  const format = (v: number) => (money ? formatMoney(v, money, locale) : formatInteger(v, locale));
  return (
    <Card data-testid={testId} hoverable={!!href} onClick={href ? () => window.location.assign(href) : undefined}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <div style={{ width: 48, height: 48, borderRadius: 12, background: `${color}1a`, color, display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 22, flex: 'none' }}>
          {icon}
        </div>
        <Statistic title={title} value={value ?? 0} loading={value === undefined} formatter={(v) => format(Number(v))} />
      </div>
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { session, settings } = useApp();
  const currency = settings?.currency ?? 'CNY';
  const [data, setData] = useState<Summary | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('dashboard.summary', {});
    if (r.ok) {
      setData(r.data);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
    return onEvent((name) => {
      if (name === 'customers.changed' || name === 'users.changed' || name === 'receivables.changed') void load();
    });
  }, [load]);

  const regionOption = useMemo<ChartOption>(() => {
    const rows = data?.byRegion ?? [];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.region), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('dashboard.seriesCustomers'), data: rows.map((r) => r.customers), barMaxWidth: 36, itemStyle: { borderRadius: [4, 4, 0, 0] } }],
    };
  }, [data, t]);

  const gradeOption = useMemo<ChartOption>(() => {
    const rows = data?.byGrade ?? [];
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          name: t('dashboard.byGrade'),
          radius: ['42%', '70%'],
          center: ['50%', '45%'],
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { formatter: '{b}\n{c}' },
          data: rows.map((r) => ({ name: t('dashboard.gradeLabel', { grade: r.grade }), value: r.customers })),
        },
      ],
    };
  }, [data, t]);

  const hasData = (data?.customers ?? 0) > 0;

  return (
    <div className="sd-page" data-testid="page-dashboard">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.greeting', { name: session?.user.displayName ?? '' })} />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <StatCard testId="stat-customers" title={t('dashboard.customers')} value={data?.customers} icon={<TeamOutlined />} color="#1677ff" />
        </Col>
        <Col xs={24} md={8}>
          <StatCard testId="stat-products" title={t('dashboard.products')} value={data?.products} icon={<AppstoreOutlined />} color="#13c2c2" />
        </Col>
        <Col xs={24} md={8}>
          <StatCard testId="stat-users" title={t('dashboard.users')} value={data?.users} icon={<UserOutlined />} color="#722ed1" />
        </Col>
      </Row>
      {data?.receivables && (
        <Row gutter={[16, 16]} data-testid="dashboard-receivables">
          <Col xs={24} md={12} xl={6}>
            <StatCard testId="stat-open" title={t('dashboard.open')} value={data.receivables.open} money={currency} icon={<DollarOutlined />} color="#1677ff" href="#/aging" />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <StatCard testId="stat-overdue" title={t('dashboard.overdue')} value={data.receivables.overdue} money={currency} icon={<WarningOutlined />} color="#cf1322" href="#/collections" />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <StatCard testId="stat-unapplied" title={t('dashboard.unapplied')} value={data.receivables.unapplied} money={currency} icon={<AlertOutlined />} color="#d48806" href="#/receipts" />
          </Col>
          <Col xs={24} md={12} xl={6}>
            <StatCard testId="stat-collected" title={t('dashboard.collectedThisMonth')} value={data.receivables.collectedThisMonth} money={currency} icon={<WalletOutlined />} color="#389e0d" href="#/receipts" />
          </Col>
        </Row>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('dashboard.byRegion')}>
            {hasData ? <EChart option={regionOption} height={320} testId="chart-region" /> : <Empty description={t('dashboard.noData')} style={{ height: 320, paddingTop: 90 }} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('dashboard.byGrade')}>
            {hasData ? <EChart option={gradeOption} height={320} testId="chart-grade" /> : <Empty description={t('dashboard.noData')} style={{ height: 320, paddingTop: 90 }} />}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
