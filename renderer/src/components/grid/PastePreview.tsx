/**
 * The paste preview: pasted rows in a small editable grid, checked by the method's dry run
 * (`*.upsertMany` with dryRun) after every change. Invalid cells are red with the reason; the
 * summary says "500 rows, 3 errors" and lists them. Nothing is saved until every row is valid
 * ("Save all") or the user chooses to skip the invalid rows.
 */
import type { AgGridReact } from 'ag-grid-react';
import type { CellClassParams, CellValueChangedEvent, ColDef, ITooltipParams } from 'ag-grid-community';
import { Alert, App, Button, Modal, Space, Spin, Switch } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../shared/result';
import type { CellError, CellValue, UpsertReport } from '../../../../shared/schemas/masterdata';
import { errorText } from '../../errors';
import { DataGrid } from '../DataGrid';

export interface PasteColumn {
  field: string;
  headerName: string;
  toCell: (text: string) => CellValue;
}

export type UpsertFn = (rows: Record<string, CellValue>[], opts: { dryRun: boolean; skipInvalid: boolean }) => Promise<Result<UpsertReport>>;

interface PreviewRow {
  __row: number;
  [field: string]: string | number;
}

const SHOWN_ERRORS = 50;

export function PastePreview({
  columns,
  records,
  upsert,
  onClose,
  testId = 'paste-preview',
}: {
  columns: PasteColumn[];
  records: Record<string, string>[];
  upsert: UpsertFn;
  onClose: (saved: boolean) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const grid = useRef<AgGridReact<PreviewRow>>(null);
  const [rows, setRows] = useState<PreviewRow[]>(() => records.map((r, i) => ({ ...r, __row: i + 1 })));
  const [report, setReport] = useState<UpsertReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const seq = useRef(0);
  const byKey = useMemo(() => new Map(columns.map((c) => [c.field, c])), [columns]);

  const toUpsertRows = useCallback(
    (rs: PreviewRow[]) =>
      rs.map((r) => {
        const out: Record<string, CellValue> = {};
        for (const c of columns) if (r[c.field] !== undefined) out[c.field] = c.toCell(String(r[c.field]));
        return out;
      }),
    [columns],
  );

  const errorsByCell = useMemo(() => {
    const m = new Map<string, CellError>();
    for (const e of report?.errors ?? []) if (!m.has(`${e.row}|${e.field}`)) m.set(`${e.row}|${e.field}`, e);
    return m;
  }, [report]);

  const cellMessage = useCallback(
    (e: CellError) => {
      const key = `masterdata.cellErrors.${e.code}`;
      const text = t(key as 'masterdata.cellErrors.required');
      return text === key ? e.message : text;
    },
    [t],
  );

  const check = useCallback(
    async (rs: PreviewRow[]) => {
      const mine = ++seq.current;
      setChecking(true);
      const r = await upsert(toUpsertRows(rs), { dryRun: true, skipInvalid: false });
      if (mine !== seq.current) return;
      setChecking(false);
      if (r.ok) {
        setReport(r.data);
        setFailure(null);
      } else setFailure(errorText(t, r.error));
    },
    [upsert, toUpsertRows, t],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first check runs once, on open; edits re-check in onEdit
  useEffect(() => {
    void check(rows);
  }, []);

  const badRows = useMemo(() => new Set((report?.errors ?? []).map((e) => e.row)), [report]);
  const badRowsRef = useRef(badRows);
  badRowsRef.current = badRows;
  const onlyErrorsRef = useRef(onlyErrors);
  onlyErrorsRef.current = onlyErrors;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the cell class rules and the row filter read these; repaint when they change
  useEffect(() => {
    grid.current?.api?.refreshCells({ force: true });
    grid.current?.api?.onFilterChanged();
  }, [errorsByCell, onlyErrors]);

  const onEdit = (e: CellValueChangedEvent<PreviewRow>) => {
    const next = rows.map((r) => (r.__row === e.data.__row ? { ...e.data } : r));
    setRows(next);
    void check(next);
  };

  const save = async (skipInvalid: boolean) => {
    setSaving(true);
    const r = await upsert(toUpsertRows(rows), { dryRun: false, skipInvalid });
    setSaving(false);
    if (r.ok) {
      void message.success(t('masterdata.paste.saved', { created: r.data.created, updated: r.data.updated, skipped: r.data.skipped }));
      onClose(true);
      return;
    }
    const refused = (r.error.details as { report?: UpsertReport } | undefined)?.report;
    if (refused) setReport(refused);
    else setFailure(errorText(t, r.error));
  };

  const focusError = (e: CellError) => {
    const api = grid.current?.api;
    const node = api?.getRowNode(String(e.row + 1));
    if (!api || !node || node.rowIndex === null) return;
    api.ensureIndexVisible(node.rowIndex, 'middle');
    api.ensureColumnVisible(e.field);
    api.setFocusedCell(node.rowIndex, e.field);
  };

  const columnDefs = useMemo<ColDef<PreviewRow>[]>(
    () => [
      { field: '__row', headerName: t('masterdata.paste.rowNo'), width: 80, pinned: 'left', editable: false, cellClass: 'sd-num' },
      ...columns.map(
        (c): ColDef<PreviewRow> => ({
          field: c.field,
          colId: c.field,
          headerName: c.headerName,
          minWidth: 110,
          flex: 1,
          editable: true,
          cellClassRules: { 'sd-cell-invalid': (p: CellClassParams<PreviewRow>) => Boolean(p.data && errorsByCell.has(`${p.data.__row - 1}|${c.field}`)) },
          tooltipValueGetter: (p: ITooltipParams<PreviewRow>) => {
            const e = p.data ? errorsByCell.get(`${p.data.__row - 1}|${c.field}`) : undefined;
            return e ? cellMessage(e) : undefined;
          },
        }),
      ),
    ],
    [columns, errorsByCell, cellMessage, t],
  );

  const errors = report?.errors ?? [];
  const total = rows.length;
  const headerOf = (field: string) => byKey.get(field)?.headerName ?? field;

  return (
    <Modal
      open
      width={Math.min(1100, window.innerWidth - 48)}
      title={t('masterdata.paste.title')}
      onCancel={() => onClose(false)}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          {report && report.invalidRows > 0 && report.validRows > 0 && (
            <Button danger loading={saving} disabled={checking} onClick={() => void save(true)} data-testid="paste-skip-invalid">
              {t('masterdata.paste.skipInvalid', { n: report.invalidRows, valid: report.validRows })}
            </Button>
          )}
          <Button type="primary" loading={saving} disabled={checking || !report || report.invalidRows > 0} onClick={() => void save(false)} data-testid="paste-save">
            {t('masterdata.paste.saveAll', { n: total })}
          </Button>
        </Space>
      }
    >
      <div data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {failure && <Alert type="error" showIcon title={failure} />}
        {!report ? (
          <Spin>
            <div style={{ height: 40 }}>{t('masterdata.paste.checking')}</div>
          </Spin>
        ) : errors.length ? (
          <>
            <Alert
              type="error"
              showIcon
              data-testid="paste-summary"
              title={t('masterdata.paste.summary', { rows: total, errors: errors.length, badRows: report.invalidRows })}
              description={t('masterdata.paste.help')}
            />
            <ul className="sd-paste-errors" data-testid="paste-errors">
              {errors.slice(0, SHOWN_ERRORS).map((e) => (
                <li key={`${e.row}|${e.field}|${e.code}`} onClick={() => focusError(e)} onKeyDown={(k) => k.key === 'Enter' && focusError(e)}>
                  {t('masterdata.paste.errorAt', { row: e.row + 1, column: headerOf(e.field), message: cellMessage(e) })}
                </li>
              ))}
              {errors.length > SHOWN_ERRORS && <li>{t('masterdata.paste.moreErrors', { n: errors.length - SHOWN_ERRORS })}</li>}
            </ul>
          </>
        ) : (
          <Alert type="success" showIcon data-testid="paste-summary" title={t('masterdata.paste.allValid', { rows: total })} />
        )}
        {errors.length > 0 && (
          <span>
            <Switch size="small" checked={onlyErrors} onChange={setOnlyErrors} data-testid="paste-only-errors" /> {t('masterdata.paste.onlyErrors')}
          </span>
        )}
        <div className="sd-paste-grid">
          <DataGrid<PreviewRow>
            gridRef={grid}
            testId="paste-grid"
            rowData={rows}
            columnDefs={columnDefs}
            getRowId={(p) => String(p.data.__row)}
            suppressCellFocus={false}
            enableCellTextSelection={false}
            singleClickEdit={false}
            stopEditingWhenCellsLoseFocus
            onCellValueChanged={onEdit}
            isExternalFilterPresent={() => onlyErrorsRef.current}
            doesExternalFilterPass={(n) => Boolean(n.data && badRowsRef.current.has(n.data.__row - 1))}
            tooltipShowDelay={200}
          />
        </div>
      </div>
    </Modal>
  );
}
