import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { applyIssuesToForm, errorText, issuesOf } from '../../errors';
import { confirmRule, passwordRules } from '../forms';

interface PasswordForm {
  current: string;
  next: string;
  confirm: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    const r = await invoke('auth.changePassword', { current: v.current, next: v.next });
    setBusy(false);
    if (r.ok) {
      void message.success(t('password.changed'));
      form.resetFields();
      onClose();
      return;
    }
    if (r.error.code === 'VALIDATION') {
      const issues = issuesOf(r.error);
      if (issues.some((i) => i.path[0] === 'current' && i.code === 'custom')) {
        // the server's "the current password is wrong"
        form.setFields([{ name: 'current', errors: [t('errors.currentPasswordWrong')] }]);
        return;
      }
      const rest = applyIssuesToForm(form, t, r.error, (p) => (p[0] === 'current' || p[0] === 'next' ? [p[0]] : null));
      if (rest.length === 0) return;
    }
    setError(r.error);
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      destroyOnHidden
      width={440}
    >
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      <Form<PasswordForm> form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item name="current" label={t('password.current')} rules={[{ required: true, message: t('validation.required', { field: t('password.current') }) }]}>
          <Input.Password autoComplete="current-password" maxLength={128} autoFocus />
        </Form.Item>
        <Form.Item name="next" label={t('password.next')} rules={passwordRules(t, t('password.next'))}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['next']}
          rules={[{ required: true, message: t('validation.required', { field: t('password.confirm') }) }, confirmRule(t, 'next')]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
