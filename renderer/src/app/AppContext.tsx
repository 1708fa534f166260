/**
 * Application state above the screens: which company file is open (system.status), the
 * session, and the company settings the shell needs (name, currency). Screens read it with
 * useApp(); they never touch the transport.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Output } from '../../../shared/contract';
import type { Permission } from '../../../shared/permissions';
import type { AppErrorData } from '../../../shared/result';
import type { Settings } from '../../../shared/schemas/settings';
import type { Session } from '../../../shared/schemas/users';
import { getSession, invoke, onEvent, onSessionChange, setSession, updateSession } from '../api/client';

export type SystemStatus = Output<'system.status'>;
export type CompanyKind = SystemStatus['company'];

export type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: AppErrorData }
  | { kind: 'setup'; status: SystemStatus }
  | { kind: 'login'; status: SystemStatus }
  | { kind: 'shell'; status: SystemStatus; session: Session };

export interface AppApi {
  phase: Phase;
  status: SystemStatus | null;
  session: Session | null;
  settings: Settings | null;
  currency: string;
  can(p: Permission): boolean;
  reload(): Promise<void>;
  /** Signs out of the open company (if signed in), opens the other file and shows its entry screen. */
  switchCompany(company: CompanyKind): Promise<AppErrorData | null>;
  signIn(session: Session): void;
  signOut(): Promise<void>;
  refreshSettings(): Promise<void>;
}

const Ctx = createContext<AppApi | null>(null);

export function useApp(): AppApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppProvider');
  return v;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [session, setSessionState] = useState<Session | null>(getSession());
  const [settings, setSettings] = useState<Settings | null>(null);
  const [checking, setChecking] = useState(true);
  const loadSeq = useRef(0);

  useEffect(() => onSessionChange(setSessionState), []);

  const reload = useCallback(async () => {
    const seq = ++loadSeq.current;
    setChecking(true);
    const r = await invoke('system.status', {});
    if (seq !== loadSeq.current) return;
    if (!r.ok) {
      setFailure(r.error);
      setChecking(false);
      return;
    }
    setFailure(null);
    setStatus(r.data);
    if (r.data.initialized && getSession()) {
      // A stored session (browser reload) is checked before the shell shows; a stale one is dropped.
      const me = await invoke('auth.me', {});
      if (seq !== loadSeq.current) return;
      if (me.ok) updateSession({ user: me.data.user, permissions: me.data.permissions, expiresAt: me.data.expiresAt });
      else setSession(null);
    } else if (!r.data.initialized && getSession()) {
      setSession(null);
    }
    setChecking(false);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const refreshSettings = useCallback(async () => {
    if (!getSession()) return;
    const r = await invoke('settings.get', {});
    if (r.ok) setSettings(r.data);
  }, []);

  // Settings of the signed-in company: loaded when a session starts, refreshed on change events.
  useEffect(() => {
    if (!session) {
      setSettings(null);
      return;
    }
    void refreshSettings();
  }, [session, refreshSettings]);

  useEffect(
    () =>
      onEvent((name) => {
        if (name === 'settings.changed') {
          void refreshSettings();
          // The company name shown in the header comes from system.status.
          void invoke('system.status', {}).then((r) => r.ok && setStatus(r.data));
        } else if (name === 'system.integrity') {
          void invoke('system.status', {}).then((r) => r.ok && setStatus(r.data));
        } else if (name === 'system.companyChanged') {
          // Another window opened the other company file: this session belonged to the old one.
          setSession(null);
          void reload();
        }
      }),
    [refreshSettings, reload],
  );

  const signIn = useCallback((s: Session) => {
    setSession(s);
    setStatus((st) => (st ? { ...st, initialized: true } : st));
    void invoke('system.status', {}).then((r) => r.ok && setStatus(r.data));
  }, []);

  const signOut = useCallback(async () => {
    if (getSession()) await invoke('auth.logout', {});
    setSession(null);
    // The next person to sign in starts at the dashboard, not on the previous user's page.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }, []);

  const switchCompany = useCallback(
    async (company: CompanyKind): Promise<AppErrorData | null> => {
      if (getSession()) await invoke('auth.logout', {});
      setSession(null);
      const r = await invoke('system.switchCompany', { company });
      if (!r.ok) return r.error;
      loadSeq.current++;
      setStatus(r.data);
      return null;
    },
    [],
  );

  const can = useCallback((p: Permission) => Boolean(session?.permissions.includes(p)), [session]);

  const phase: Phase = useMemo(() => {
    if (failure) return { kind: 'failed', error: failure };
    if (!status || checking) return { kind: 'loading' };
    if (!status.initialized) return { kind: 'setup', status };
    if (!session) return { kind: 'login', status };
    return { kind: 'shell', status, session };
  }, [failure, status, checking, session]);

  const value: AppApi = {
    phase,
    status,
    session,
    settings,
    currency: settings?.currency ?? 'CNY',
    can,
    reload,
    switchCompany,
    signIn,
    signOut,
    refreshSettings,
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
