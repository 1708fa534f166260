/**
 * Client-side form rules that mirror the contract's zod schemas (shared/schemas/*), so most
 * mistakes are caught before a call; the server checks again and its VALIDATION issues are
 * shown next to the same fields.
 */
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/** Mirrors `username` in shared/schemas/users.ts. */
export const USERNAME_RE = /^[A-Za-z0-9_.-]+$/;

export function requiredText(t: TFunction, field: string, max: number): FormRule[] {
  return [
    { required: true, whitespace: true, message: t('validation.required', { field }) },
    { max, message: t('validation.maxLength', { field, max }) },
  ];
}

export function usernameRules(t: TFunction, field: string): FormRule[] {
  return [
    { required: true, whitespace: true, message: t('validation.required', { field }) },
    {
      validator: (_r, v: string | undefined) => {
        const s = (v ?? '').trim();
        if (!s) return Promise.resolve();
        return s.length >= 2 && s.length <= 32 && USERNAME_RE.test(s) ? Promise.resolve() : Promise.reject(new Error(t('validation.usernameFormat')));
      },
    },
  ];
}

/** Mirrors `password`: 8–128 characters, anything printable. */
export function passwordRules(t: TFunction, field: string): FormRule[] {
  return [
    { required: true, message: t('validation.required', { field }) },
    { min: 8, max: 128, message: t('validation.passwordLength') },
  ];
}

export function confirmRule(t: TFunction, other: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_r, v) => (!v || v === getFieldValue(other) ? Promise.resolve() : Promise.reject(new Error(t('validation.passwordMismatch')))),
  });
}

export function integerRule(t: TFunction, min: number, max: number, required = true): FormRule {
  return {
    validator: (_r, v: unknown) => {
      if (v === null || v === undefined || v === '') return required ? Promise.reject(new Error(t('validation.integerRange', { min, max }))) : Promise.resolve();
      const n = Number(v);
      return Number.isInteger(n) && n >= min && n <= max ? Promise.resolve() : Promise.reject(new Error(t('validation.integerRange', { min, max })));
    },
  };
}

const MONTH_KEYS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'] as const;

export function monthOptions(t: TFunction) {
  return MONTH_KEYS.map((k, i) => ({ value: i + 1, label: t(`settings.months.${k}`) }));
}
