/**
 * 银行对账 (`#/bank`): import statements (ImportWizard) and the lines workbench — each incoming
 * line with its proposed customer, invoices, score and reasons; confirm, edit (ConfirmDialog),
 * reject, reopen, confirm all ≥ a score; filters by import, status and text.
 */
import { CheckOutlined, EditOutlined, ReloadOutlined, StopOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, InputNumber, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import type { BankLineRow, BankLineStatus } from '../../../../shared/schemas/bank';
import { invoke } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../errors';
import { formatDate, formatMoney } from '../../format';
import { currentLanguage, intlLocale } from '../../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { ImportWizard } from './ImportWizard';
import { reasonText, ScoreTag, STATUS_COLORS } from './parts';
import { fill, useBankTexts } from './texts';

type ImportRow = Output<'bank.imports'>[number];

export function BankPage() {
  const { t } = useTranslation();
  const x = useBankTexts();
  const { modal, message } = App.useApp();
  const { currency, can } = useApp();
  const locale = intlLocale(currentLanguage());
  const money = (v: number) => formatMoney(v, currency, locale);
  const canWrite = can('receivables.write');
  const [imports, setImports] = useState<ImportRow[]>([]);
  const [importId, setImportId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<BankLineStatus | 'all'>('all');
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<BankLineRow[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [wizard, setWizard] = useState(false);
  const [editing, setEditing] = useState<BankLineRow | null>(null);
  const [minScore, setMinScore] = useState(80);
  const pageSize = 50;

  const loadImports = useCallback(async () => {
    const r = await invoke('bank.imports', {});
    if (r.ok) setImports(r.data);
  }, []);
  const load = useCallback(async () => {
    setLoading(true);
    const r = await invoke('bank.lines', { importId, status: status === 'all' ? undefined : status, search: search || undefined, offset: (page - 1) * pageSize, limit: pageSize });
    setLoading(false);
    if (r.ok) {
      setRows(r.data.rows);
      setTotal(r.data.total);
      setError(null);
    } else setError(r.error);
  }, [importId, status, search, page]);
  useEffect(() => {
    void loadImports();
  }, [loadImports]);
  useEffect(() => {
    void load();
  }, [load]);
  const reload = () => {
    void load();
    void loadImports();
  };

  const act = async (p: Promise<{ ok: boolean; error?: AppErrorData }>) => {
    const r = await p;
    if (!r.ok && r.error) setError(r.error);
    reload();
  };

  const quickConfirm = async (l: BankLineRow) => {
    if (!l.customerId) return setEditing(l);
    const r = await invoke('bank.confirm', { lineId: l.id, customerId: l.customerId, allocations: l.items.map((i) => ({ receivableId: i.receivableId, amount: i.amount })) });
    if (r.ok) message.success(fill(x.confirmed, { number: r.data.receiptNumber }));
    else setError(r.error);
    reload();
  };

  const reject = (l: BankLineRow) => {
    let reason = '';
    modal.confirm({
      title: x.rejectTitle,
      content: <Input maxLength={200} placeholder={x.rejectReason} onChange={(e) => (reason = e.target.value)} data-testid="bank-reject-reason" />,
      onOk: async () => {
        if (!reason.trim()) {
          message.warning(x.rejectReasonRequired);
          throw new Error('reason required');
        }
        await act(invoke('bank.reject', { lineId: l.id, reason: reason.trim() }));
      },
    });
  };

  const confirmMany = () => {
    modal.confirm({
      title: fill(x.confirmManyTitle, { score: minScore, scope: importId ? x.confirmManyScopeImport : x.confirmManyScopeAll }),
      onOk: async () => {
        const r = await invoke('bank.confirmMany', { minScore, importId });
        if (!r.ok) return setError(r.error);
        message.success(fill(x.confirmManyDone, { n: r.data.confirmed }));
        if (r.data.skipped.length > 0) {
          modal.info({
            title: fill(x.confirmManySkipped, { n: r.data.skipped.length }),
            content: r.data.skipped.slice(0, 20).map((s) => <div key={s.lineId}>{`${x.col.line} ${s.lineNo}: ${s.message}`}</div>),
          });
        }
        reload();
      },
    });
  };

  return (
    <div className="sd-page" data-testid="page-bank">
      <PageHeader
        title={x.title}
        subtitle={x.subtitle}
        extra={
          <Space wrap>
            {canWrite && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => setWizard(true)} data-testid="bank-import">
                {x.importButton}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 300 }}
          value={importId ?? 0}
          data-testid="bank-filter-import"
          onChange={(v: number) => {
            setPage(1);
            setImportId(v || undefined);
          }}
          options={[{ value: 0, label: x.filters.allImports }, ...imports.map((i) => ({ value: i.id, label: fill(x.filters.importLabel, { id: i.id, file: i.fileName, date: formatDate(i.importedAt.slice(0, 10), locale) }) }))]}
        />
        <Segmented
          value={status}
          data-testid="bank-filter-status"
          onChange={(v) => {
            setPage(1);
            setStatus(v as BankLineStatus | 'all');
          }}
          options={[{ value: 'all', label: x.filters.allStatuses }, ...(['proposed', 'unmatched', 'confirmed', 'rejected'] as const).map((s) => ({ value: s, label: x.status[s] }))]}
        />
        <Input.Search allowClear style={{ width: 260 }} placeholder={x.filters.search} onSearch={(v) => {
            setPage(1);
            setSearch(v.trim());
          }} />
        {canWrite && (
          <Space.Compact>
            <InputNumber min={0} max={100} value={minScore} onChange={(v) => setMinScore(v ?? 80)} prefix={x.actions.minScore} style={{ width: 140 }} data-testid="bank-min-score" />
            <Button icon={<CheckOutlined />} onClick={confirmMany} data-testid="bank-confirm-many">
              {x.actions.confirmMany}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} title={error.code === 'VALIDATION' ? error.message : errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        data-testid="bank-lines"
        scroll={{ x: 1100 }}
        locale={{ emptyText: x.empty }}
        pagination={{ current: page, pageSize, total, showSizeChanger: false, showTotal: (n) => fill(x.total, { n }), onChange: setPage }}
        rowClassName={(r) => `bank-line-${r.status}`}
        columns={[
          {
            title: x.col.date,
            dataIndex: 'date',
            width: 104,
            render: (v: string, r) => (
              <div>
                <div>{formatDate(v, locale)}</div>
                <Typography.Text type="secondary" className="sd-num">{`#${r.importId}-${r.lineNo}`}</Typography.Text>
                {r.sameAsLine !== null && (
                  <div>
                    <Tag color="orange" data-testid="bank-same-as" style={{ marginInlineEnd: 0 }}>
                      {fill(x.sameAs, { n: r.sameAsLine })}
                    </Tag>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: x.col.payer,
            dataIndex: 'payerName',
            width: 170,
            render: (v: string | null, r) => (
              <div>
                <div>{v ?? ''}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[r.memo, r.reference].filter(Boolean).join(' / ')}</Typography.Text>
              </div>
            ),
          },
          { title: x.col.amount, dataIndex: 'amount', width: 118, align: 'right', render: (v: number) => <span className="sd-num">{money(v)}</span> },
          {
            title: x.col.status,
            dataIndex: 'status',
            width: 96,
            render: (v: BankLineStatus, r) => (
              <Space size={4} wrap>
                <Tooltip title={r.rejectReason}>
                  <Tag color={STATUS_COLORS[v]} style={{ marginInlineEnd: 0 }}>
                    {x.status[v]}
                  </Tag>
                </Tooltip>
                {(v === 'proposed' || v === 'rejected') && <ScoreTag score={r.score} />}
              </Space>
            ),
          },
          { title: x.col.customer, dataIndex: 'customerName', width: 160, render: (v: string | null) => v ?? '' },
          {
            title: `${x.col.items} / ${x.col.reasons}`,
            dataIndex: 'items',
            render: (_: unknown, r) =>
              r.status === 'confirmed' ? (
                <span className="sd-num">{fill(x.receipt, { number: r.receiptNumber ?? '' })}</span>
              ) : (
                <div>
                  {r.items.map((i) => (
                    <div key={i.receivableId} style={{ whiteSpace: 'nowrap' }}>
                      <span className="sd-num">{i.number}</span> <span className="sd-num">{money(i.amount)}</span>
                    </div>
                  ))}
                  {r.prepayment > 0 && r.customerId !== null && (
                    <div>
                      <Typography.Text type="warning">{fill(x.prepayment, { amount: money(r.prepayment) })}</Typography.Text>
                    </div>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.reasons.map((rs) => reasonText(x, rs, money)).join('；')}
                  </Typography.Text>
                </div>
              ),
          },
          {
            title: x.col.actions,
            key: 'actions',
            width: 176,
            render: (_: unknown, r) =>
              !canWrite ? null : r.status === 'confirmed' ? null : r.status === 'rejected' ? (
                <Button size="small" icon={<UndoOutlined />} onClick={() => void act(invoke('bank.reopen', { lineId: r.id }))}>
                  {x.actions.reopen}
                </Button>
              ) : (
                <Space size={4}>
                  {r.status === 'proposed' && (
                    <Button size="small" type="primary" onClick={() => void quickConfirm(r)} data-testid={`bank-confirm-${r.lineNo}`}>
                      {x.actions.confirm}
                    </Button>
                  )}
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid={`bank-edit-${r.lineNo}`}>
                    {x.actions.edit}
                  </Button>
                  <Tooltip title={x.actions.reject}>
                    <Button size="small" danger icon={<StopOutlined />} onClick={() => reject(r)} aria-label={x.actions.reject} />
                  </Tooltip>
                </Space>
              ),
          },
        ]}
      />
      {wizard && (
        <ImportWizard
          onClose={(id) => {
            setWizard(false);
            if (id !== null) {
              setImportId(id);
              setStatus('all');
              setPage(1);
            }
            reload();
          }}
        />
      )}
      {editing && (
        <ConfirmDialog
          line={editing}
          onClose={(done) => {
            setEditing(null);
            if (done) reload();
          }}
        />
      )}
    </div>
  );
}
