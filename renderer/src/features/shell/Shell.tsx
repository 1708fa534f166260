/**
 * The signed-in application: left menu (only what the session's permissions allow; the server
 * enforces anyway), header with the company, language switch and user menu, and the page.
 * Routing is a hash route (#/customers) so a reload keeps the page.
 */
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  HourglassOutlined,
  PhoneOutlined,
  ProfileOutlined,
  WalletOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  DollarOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  DashboardOutlined,
  DownOutlined,
  FileTextOutlined,
  ImportOutlined,
  KeyOutlined,
  LogoutOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { Alert, App, Avatar, Dropdown, Layout, Menu, type MenuProps, Spin, Tag } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../../shared/permissions';
import type { Session } from '../../../../shared/schemas/users';
import { type SystemStatus, useApp } from '../../app/AppContext';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { errorText } from '../../errors';
import { AnalysisPage } from '../analysis/AnalysisPage';
import { GradingPage } from '../pricing/GradingPage';
import { PriceListsPage } from '../pricing/PriceListsPage';
import { QuotePage } from '../pricing/QuotePage';
import { AuditPage } from '../audit/AuditPage';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';
import { CustomersPage } from '../customers/CustomersPage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { ImportPage } from '../imports/ImportPage';
import { ProductsPage } from '../masterdata/ProductsPage';
import { RegionsPage } from '../masterdata/RegionsPage';
import { OrdersPage } from '../orders/OrdersPage';
import { CreditPage } from '../credit/CreditPage';
import { SettingsPage } from '../settings/SettingsPage';
import { UsersPage } from '../users/UsersPage';
import { CarOutlined, FileProtectOutlined, GlobalOutlined } from '@ant-design/icons';
import { ContractsPage } from '../shipments/ContractsPage';
import { DistributorsPage } from '../shipments/DistributorsPage';
import { ShipmentsPage } from '../shipments/ShipmentsPage';
import { AgingPage } from '../aging/AgingPage';
import { BankPage } from '../bank/BankPage';
import { CollectionsPage } from '../collections/CollectionsPage';
import { ReceiptsPage } from '../receipts/ReceiptsPage';
import { StatementsPage } from '../statements/StatementsPage';

export type PageKey = 'dashboard' | 'customers' | 'orders' | 'credit' | 'shipments' | 'contracts' | 'distributors' | 'priceLists' | 'quote' | 'grading' | 'analysis' | 'products' | 'masterdata' | 'users' | 'audit' | 'settings' | 'imports' | 'receipts' | 'bank' | 'aging' | 'statements' | 'collections';

/** Menu sections, in the order a sales office works: sell, customers, catalogue, analyse, run the system. */
const NAV_GROUPS = ['sales', 'customers', 'finance', 'catalog', 'analysis', 'system'] as const;
type NavGroup = (typeof NAV_GROUPS)[number];

const PAGE_GROUP: Record<PageKey, NavGroup | null> = {
  dashboard: null,
  orders: 'sales',
  shipments: 'sales',
  contracts: 'sales',
  quote: 'sales',
  customers: 'customers',
  credit: 'customers',
  distributors: 'customers',
  receipts: 'finance',
  bank: 'finance',
  aging: 'finance',
  statements: 'finance',
  collections: 'finance',
  products: 'catalog',
  priceLists: 'catalog',
  masterdata: 'catalog',
  grading: 'analysis',
  analysis: 'analysis',
  imports: 'system',
  users: 'system',
  audit: 'system',
  settings: 'system',
};

interface PageDef {
  key: PageKey;
  /** The page shows for a user holding any of these. */
  permission: Permission | readonly Permission[];
  icon: ReactNode;
  render: () => ReactNode;
}

const PAGES: PageDef[] = [
  { key: 'dashboard', permission: 'customers.read', icon: <DashboardOutlined />, render: () => <DashboardPage /> },
  { key: 'customers', permission: 'customers.read', icon: <TeamOutlined />, render: () => <CustomersPage /> },
  { key: 'orders', permission: 'customers.read', icon: <FileTextOutlined />, render: () => <OrdersPage /> },
  { key: 'shipments', permission: 'customers.read', icon: <CarOutlined />, render: () => <ShipmentsPage /> },
  { key: 'contracts', permission: 'customers.read', icon: <FileProtectOutlined />, render: () => <ContractsPage /> },
  { key: 'distributors', permission: 'customers.read', icon: <GlobalOutlined />, render: () => <DistributorsPage /> },
  { key: 'credit', permission: 'customers.read', icon: <SafetyCertificateOutlined />, render: () => <CreditPage /> },
  { key: 'receipts', permission: 'receivables.read', icon: <WalletOutlined />, render: () => <ReceiptsPage /> },
  { key: 'bank', permission: 'receivables.write', icon: <BankOutlined />, render: () => <BankPage /> },
  { key: 'aging', permission: 'receivables.read', icon: <HourglassOutlined />, render: () => <AgingPage /> },
  { key: 'statements', permission: 'receivables.read', icon: <ProfileOutlined />, render: () => <StatementsPage /> },
  { key: 'collections', permission: 'receivables.read', icon: <PhoneOutlined />, render: () => <CollectionsPage /> },
  { key: 'products', permission: 'products.read', icon: <AppstoreOutlined />, render: () => <ProductsPage /> },
  { key: 'masterdata', permission: 'customers.read', icon: <ApartmentOutlined />, render: () => <RegionsPage /> },
  { key: 'priceLists', permission: 'products.read', icon: <DollarOutlined />, render: () => <PriceListsPage /> },
  { key: 'quote', permission: 'customers.read', icon: <CalculatorOutlined />, render: () => <QuotePage /> },
  { key: 'grading', permission: 'reports.read', icon: <RiseOutlined />, render: () => <GradingPage /> },
  { key: 'analysis', permission: 'reports.read', icon: <BarChartOutlined />, render: () => <AnalysisPage /> },
  { key: 'imports', permission: ['customers.write', 'products.write', 'prices.write', 'receivables.write'], icon: <ImportOutlined />, render: () => <ImportPage /> },
  { key: 'users', permission: 'users.manage', icon: <UsergroupAddOutlined />, render: () => <UsersPage /> },
  { key: 'audit', permission: 'audit.read', icon: <AuditOutlined />, render: () => <AuditPage /> },
  { key: 'settings', permission: 'settings.read', icon: <SettingOutlined />, render: () => <SettingsPage /> },
];

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
}

function useHashRoute(): [string, (key: string) => void] {
  const [route, setRoute] = useState(readHash);
  useEffect(() => {
    const onChange = () => setRoute(readHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = (key: string) => {
    if (readHash() !== key) window.location.hash = `#/${key}`;
    setRoute(key);
  };
  return [route, go];
}

export function Shell({ status, session }: { status: SystemStatus; session: Session }) {
  const { t } = useTranslation();
  const app = useApp();
  const { message } = App.useApp();
  const [route, go] = useHashRoute();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const allowed = useMemo(() => PAGES.filter((p) => (typeof p.permission === 'string' ? [p.permission] : p.permission).some((x) => session.permissions.includes(x))), [session.permissions]);
  const item = (p: PageDef) => ({ key: p.key, icon: p.icon, label: <span data-testid={`nav-${p.key}`}>{t(`nav.${p.key}`)}</span> });
  const menuItems = [
    ...allowed.filter((p) => PAGE_GROUP[p.key] === null).map(item),
    ...NAV_GROUPS.flatMap((g) => {
      const children = allowed.filter((p) => PAGE_GROUP[p.key] === g).map(item);
      return children.length ? [{ type: 'group' as const, key: `group-${g}`, label: t(`navGroup.${g}`), children }] : [];
    }),
  ];
  const page = allowed.find((p) => p.key === route) ?? allowed[0];

  useEffect(() => {
    if (page && page.key !== route) window.history.replaceState(null, '', `#/${page.key}`);
  }, [page, route]);

  const isDemo = status.company === 'demo';
  const companyName = app.settings?.companyName ?? status.companyName ?? '';

  const switchCompany = async () => {
    setBusy(true);
    const e = await app.switchCompany(isDemo ? 'main' : 'demo');
    setBusy(false);
    if (e) void message.error(errorText(t, e));
  };

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('userMenu.changePassword'), onClick: () => setPasswordOpen(true) },
    ...(isDemo || status.demoAvailable
      ? [{ key: 'switch', icon: <SwapOutlined />, label: isDemo ? t('userMenu.switchToMain') : t('userMenu.switchToDemo'), onClick: () => void switchCompany() }]
      : []),
    { type: 'divider' as const },
    {
      key: 'signout',
      icon: <LogoutOutlined />,
      label: <span data-testid="menu-signout">{t('userMenu.signOut')}</span>,
      onClick: () => {
        void app.signOut().then(() => message.success(t('userMenu.signedOut')));
      },
    },
  ];

  return (
    <>
      <Layout style={{ minHeight: '100vh' }} data-testid="screen-shell">
        <Layout.Sider width={208} collapsible collapsed={collapsed} onCollapse={setCollapsed} className="sd-sider" style={{ position: 'sticky', top: 0, height: '100vh' }}>
          <div className="sd-sider-logo">
            <span className="sd-brand-mark">S</span>
            {!collapsed && <span>{t('app.name')}</span>}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={page ? [page.key] : []}
            onClick={(e) => go(e.key)}
            items={menuItems}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="sd-header" style={{ position: 'sticky', top: 0, zIndex: 10 }}>
            <div className="sd-header-company" data-testid="header-company">
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{companyName}</span>
              {isDemo && (
                <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="demo-tag">
                  {t('app.demoTag')}
                </Tag>
              )}
            </div>
            <div className="sd-header-right">
              <LanguageSwitch />
              <Dropdown menu={{ items: userMenu }} trigger={['click']} placement="bottomRight">
                <button type="button" className="sd-user-button" data-testid="user-menu">
                  <Avatar size={28} icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                  <span style={{ lineHeight: 1.2 }}>
                    <span style={{ display: 'block', fontWeight: 500 }}>{session.user.displayName}</span>
                    <span style={{ display: 'block', fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{session.user.roles.map((r) => t(`roles.${r}`)).join(t('common.sep'))}</span>
                  </span>
                  <DownOutlined style={{ fontSize: 10, color: 'rgba(0,0,0,0.45)' }} />
                </button>
              </Dropdown>
            </div>
          </Layout.Header>
          <Layout.Content style={{ minWidth: 0 }}>
            {app.status?.integrity.state === 'failed' && (
              <Alert
                type="error"
                showIcon
                banner
                data-testid="integrity-failed"
                title={t('integrity.failedTitle')}
                description={t('integrity.failedBody', { detail: app.status.integrity.detail })}
              />
            )}
            {page?.render()}
          </Layout.Content>
        </Layout>
        <ChangePasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
      </Layout>
      {busy && <Spin fullscreen description={isDemo ? t('login.switching') : t('setup.demoGenerating')} />}
    </>
  );
}
