/** Users 用户管理: list, create, edit (display name, roles, active) and reset password. */
import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../shared/permissions';
import type { AppErrorData } from '../../../../shared/result';
import type { User } from '../../../../shared/schemas/users';
import { invoke, onEvent } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { DataGrid } from '../../components/DataGrid';
import { PageHeader } from '../../components/PageHeader';
import { applyIssuesToForm, errorText } from '../../errors';
import { formatDateTime } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { confirmRule, passwordRules, requiredText, usernameRules } from '../forms';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const { session } = useApp();
  const locale = intlLocale(currentLanguage());
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(async () => {
    const r = await invoke('users.list', {});
    if (r.ok) {
      setUsers(r.data);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
    return onEvent((name) => name === 'users.changed' && void load());
  }, [load]);

  const columnDefs = useMemo<ColDef<User>[]>(
    () => [
      {
        field: 'username',
        headerName: t('users.username'),
        width: 140,
        cellRenderer: (p: ICellRendererParams<User>) => (
          <span>
            {p.value}
            {p.data?.id === session?.user.id && <Typography.Text type="secondary">{t('users.you')}</Typography.Text>}
          </span>
        ),
      },
      { field: 'displayName', headerName: t('users.displayName'), width: 130 },
      {
        field: 'roles',
        headerName: t('users.roles'),
        minWidth: 200,
        flex: 1,
        sortable: false,
        cellRenderer: (p: ICellRendererParams<User, Role[]>) => (
          <span>
            {(p.value ?? []).map((r) => (
              <span key={r} className="sd-cell-tag sd-cell-tag-blue">
                {t(`roles.${r}`)}
              </span>
            ))}
          </span>
        ),
      },
      {
        field: 'active',
        headerName: t('users.active'),
        width: 100,
        cellRenderer: (p: ICellRendererParams<User, boolean>) => (
          <span className={`sd-cell-tag ${p.value ? 'sd-cell-tag-ok' : 'sd-cell-tag-muted'}`}>{p.value ? t('users.activeOn') : t('users.activeOff')}</span>
        ),
      },
      {
        field: 'lastLoginAt',
        headerName: t('users.lastLogin'),
        width: 165,
        cellClass: 'sd-num',
        valueFormatter: (p: ValueFormatterParams<User, string | null>) => (p.value ? formatDateTime(p.value, locale) : t('users.never')),
      },
      { field: 'createdAt', headerName: t('users.createdAt'), width: 165, cellClass: 'sd-num', valueFormatter: (p: ValueFormatterParams<User, string>) => formatDateTime(p.value, locale) },
      {
        colId: 'actions',
        headerName: t('common.actions'),
        width: 230,
        sortable: false,
        pinned: 'right',
        cellRenderer: (p: ICellRendererParams<User>) =>
          p.data ? (
            <Space size={4}>
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => p.data && setDialog({ kind: 'edit', user: p.data })} data-testid={`edit-${p.data.username}`}>
                {t('users.edit')}
              </Button>
              <Button size="small" type="link" icon={<KeyOutlined />} onClick={() => p.data && setDialog({ kind: 'reset', user: p.data })} data-testid={`reset-${p.data.username}`}>
                {t('users.resetPassword')}
              </Button>
            </Space>
          ) : null,
      },
    ],
    [t, locale, session?.user.id],
  );

  return (
    <div className="sd-page sd-page-full" data-testid="page-users">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('users.create')}
            </Button>
          </>
        }
      />
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <DataGrid<User>
        testId="users-grid"
        rowData={users}
        loading={users === null && !error}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
        getRowId={(p) => String(p.data.id)}
      />
      {dialog?.kind === 'create' && <CreateUserDialog onClose={() => setDialog(null)} onDone={() => void load()} />}
      {dialog?.kind === 'edit' && <EditUserDialog user={dialog.user} onClose={() => setDialog(null)} onDone={() => void load()} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} />}
    </div>
  );
}

function RoleChecks() {
  const { t } = useTranslation();
  return <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8 }} />;
}

interface CreateForm {
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
  confirm: string;
}

function CreateUserDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const r = await invoke('users.create', { username: v.username.trim(), displayName: v.displayName.trim(), roles: v.roles, password: v.password });
    setBusy(false);
    if (r.ok) {
      void message.success(t('users.created'));
      onDone();
      onClose();
      return;
    }
    if (r.error.code === 'CONFLICT') {
      form.setFields([{ name: 'username', errors: [t('errors.usernameTaken')] }]);
      return;
    }
    if (r.error.code === 'VALIDATION' && applyIssuesToForm(form, t, r.error).length === 0) return;
    setError(r.error);
  };

  return (
    <Modal open title={t('users.create')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} width={520}>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      <Form<CreateForm> form={form} layout="vertical" initialValues={{ roles: ['sales_rep'] }} data-testid="user-create-form">
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="username" label={t('users.username')} rules={usernameRules(t, t('users.username'))} style={{ flex: 1 }}>
            <Input autoComplete="off" maxLength={32} autoFocus />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={requiredText(t, t('users.displayName'), 50)} style={{ flex: 1 }}>
            <Input maxLength={50} />
          </Form.Item>
        </div>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.rolesRequired') }]}>
          <RoleChecks />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={passwordRules(t, t('users.password'))}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="confirm" label={t('users.confirmPassword')} dependencies={['password']} rules={[{ required: true, message: t('validation.required', { field: t('users.confirmPassword') }) }, confirmRule(t, 'password')]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditForm {
  displayName: string;
  roles: Role[];
  active: boolean;
}

function EditUserDialog({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const r = await invoke('users.update', { id: user.id, displayName: v.displayName.trim(), roles: v.roles, active: v.active });
    setBusy(false);
    if (r.ok) {
      void message.success(t('users.updated'));
      onDone();
      onClose();
      return;
    }
    if (r.error.code === 'VALIDATION' && applyIssuesToForm(form, t, r.error).length === 0) return;
    setError(r.error);
  };

  return (
    <Modal
      open
      title={t('users.editTitle', { name: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      width={520}
    >
      {error && (
        <Alert type="error" showIcon title={error.code === 'RULE_VIOLATION' ? t('errors.lastAdmin') : errorText(t, error)} style={{ marginBottom: 16 }} />
      )}
      <Form<EditForm> form={form} layout="vertical" initialValues={{ displayName: user.displayName, roles: user.roles, active: user.active }}>
        <Form.Item name="displayName" label={t('users.displayName')} rules={requiredText(t, t('users.displayName'), 50)}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.rolesRequired') }]}>
          <RoleChecks />
        </Form.Item>
        <Form.Item name="active" label={t('users.active')} valuePropName="checked">
          <Switch checkedChildren={t('users.activeOn')} unCheckedChildren={t('users.activeOff')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const r = await invoke('users.resetPassword', { id: user.id, password: v.password });
    setBusy(false);
    if (r.ok) {
      void message.success(t('users.passwordReset'));
      onClose();
      return;
    }
    if (r.error.code === 'VALIDATION' && applyIssuesToForm(form, t, r.error).length === 0) return;
    setError(r.error);
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.username })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      width={440}
    >
      <Alert type="warning" showIcon title={t('users.resetHelp')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('users.newPassword')} rules={passwordRules(t, t('users.newPassword'))}>
          <Input.Password autoComplete="new-password" maxLength={128} autoFocus />
        </Form.Item>
        <Form.Item name="confirm" label={t('users.confirmPassword')} dependencies={['password']} rules={[{ required: true, message: t('validation.required', { field: t('users.confirmPassword') }) }, confirmRule(t, 'password')]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
