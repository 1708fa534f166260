/**
 * Remote pickers for customers and products: a search box over customers.list / products.list
 * (code/SKU and name, both matched in SQL), a handful of options at a time.
 */
import { Select } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { invoke } from '../../api/client';

export interface CustomerOption {
  id: number;
  code: string;
  name: string;
}
export interface ProductOption {
  id: number;
  sku: string;
  name: string;
  unit: string;
  listPrice: number;
  floorPrice: number;
}

async function searchCustomers(text: string): Promise<CustomerOption[]> {
  const value = text.trim().slice(0, 200);
  const calls = value
    ? [
        invoke('customers.list', { limit: 20, filter: { code: { type: 'startsWith', value } } }),
        invoke('customers.list', { limit: 20, filter: { name: { type: 'contains', value } } }),
      ]
    : [invoke('customers.list', { limit: 20, sort: [{ colId: 'code', sort: 'asc' }] })];
  const out = new Map<number, CustomerOption>();
  for (const r of await Promise.all(calls)) if (r.ok) for (const c of r.data.rows) out.set(c.id, { id: c.id, code: c.code, name: c.name });
  return [...out.values()].slice(0, 30);
}

async function searchProducts(text: string): Promise<ProductOption[]> {
  const value = text.trim().slice(0, 200);
  const calls = value
    ? [
        invoke('products.list', { limit: 20, filter: { sku: { type: 'startsWith', value } } }),
        invoke('products.list', { limit: 20, filter: { name: { type: 'contains', value } } }),
      ]
    : [invoke('products.list', { limit: 20, sort: [{ colId: 'sku', sort: 'asc' }] })];
  const out = new Map<number, ProductOption>();
  for (const r of await Promise.all(calls)) {
    if (!r.ok) continue;
    for (const p of r.data.rows) out.set(p.id, { id: p.id, sku: p.sku, name: p.name, unit: p.unit, listPrice: p.listPrice, floorPrice: p.floorPrice ?? p.standardCost });
  }
  return [...out.values()].slice(0, 30);
}

function useRemoteOptions<T>(search: (text: string) => Promise<T[]>) {
  const [options, setOptions] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const run = useCallback((text: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const n = ++seq.current;
      setLoading(true);
      void search(text).then((xs) => {
        if (n !== seq.current) return;
        setOptions(xs);
        setLoading(false);
      });
    }, 250);
  }, [search]);
  useEffect(() => {
    run('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [run]);
  return { options, loading, run };
}

interface PickerProps<T> {
  value?: number;
  onChange?: (id: number | undefined, option?: T) => void;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
  initial?: T | null;
  style?: React.CSSProperties;
}

export function CustomerSelect({ value, onChange, placeholder, disabled, testId, style }: PickerProps<CustomerOption>) {
  const { options, loading, run } = useRemoteOptions(searchCustomers);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: run }}
      allowClear
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      loading={loading}
      style={style}
      data-testid={testId}
      onChange={(v: number | undefined) => onChange?.(v, options.find((o) => o.id === v))}
      options={options.map((o) => ({ value: o.id, label: `${o.code} ${o.name}` }))}
    />
  );
}

export function ProductSelect({ value, onChange, placeholder, disabled, testId, initial, style }: PickerProps<ProductOption>) {
  const { options, loading, run } = useRemoteOptions(searchProducts);
  const all = initial && !options.some((o) => o.id === initial.id) ? [initial, ...options] : options;
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: run }}
      allowClear
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      loading={loading}
      style={style}
      data-testid={testId}
      onChange={(v: number | undefined) => onChange?.(v, all.find((o) => o.id === v))}
      options={all.map((o) => ({ value: o.id, label: `${o.sku} ${o.name}` }))}
    />
  );
}
