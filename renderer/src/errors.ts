/** Error codes → localized text, and VALIDATION issues → form fields. */
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { AppErrorData } from '../../shared/result';
import { isTransportError } from './api/client';

export interface Issue {
  path: string[];
  code: string;
  message: string;
}

export function issuesOf(error: AppErrorData): Issue[] {
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((i): i is Issue => Array.isArray(i?.path) && typeof i?.message === 'string');
}

export function retryAfterSeconds(error: AppErrorData): number | null {
  const ms = (error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? Math.ceil(ms / 1000) : null;
}

/** One line the user can read, in the current language. */
export function errorText(t: TFunction, error: AppErrorData): string {
  if (isTransportError(error)) return t('errors.network');
  switch (error.code) {
    case 'RATE_LIMITED':
      return t('errors.RATE_LIMITED', { seconds: retryAfterSeconds(error) ?? 1 });
    case 'CONFLICT':
    case 'RULE_VIOLATION':
      return t(`errors.${error.code}`, { message: error.message });
    default:
      return t(`errors.${error.code}`);
  }
}

export function issueText(t: TFunction, issue: Issue): string {
  const key = `issues.${issue.code}`;
  const localized = t(key as 'issues.custom', { defaultValue: '' });
  return localized && localized !== key ? `${localized}（${issue.message}）` : issue.message;
}

/**
 * Puts server-side VALIDATION issues next to the matching form fields. `mapPath` turns an issue
 * path into a form field name (or null when no field matches). Returns the issues that matched
 * no field, for a general message.
 */
export function applyIssuesToForm(
  form: FormInstance,
  t: TFunction,
  error: AppErrorData,
  mapPath: (path: string[]) => (string | number)[] | null = (p) => p,
): Issue[] {
  const unmatched: Issue[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const issue of issuesOf(error)) {
    const name = mapPath(issue.path);
    if (name?.length && (form.getFieldInstance(name) !== undefined || form.getFieldValue(name) !== undefined)) {
      fields.push({ name, errors: [issueText(t, issue)] });
    } else {
      unmatched.push(issue);
    }
  }
  if (fields.length) form.setFields(fields);
  return unmatched;
}
