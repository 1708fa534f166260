/**
 * The spreadsheet grid, built once on AG Grid community (no enterprise modules) and used by the
 * customers and products screens:
 *
 * - infinite row model over a paged method: sort and filter are done in SQL;
 * - inline editing with a per-cell check (the same rules as the server); an invalid value stays
 *   visible in a red cell with the reason and is not saved; a server refusal is shown the same way;
 * - Ctrl+Z undoes the last edit (saved again on the server), Ctrl+D fills down (from the row
 *   above, or from the first selected row into the other selected rows), Ctrl+C copies;
 * - Ctrl+V / paste event: tab-separated text from Excel or WPS is mapped onto the columns from
 *   the focused cell on, rows from the focused row on (each keeps its code unless the code column
 *   is pasted), checked by `*.upsertMany` dry run in the paste preview, saved only when valid
 *   or when the invalid rows are skipped;
 * - column order, widths, sort and filter are remembered per user (gridState.get/save);
 * - export of the current view (all rows of the current sort and filter) to XLSX and CSV.
 */
import { ColumnWidthOutlined, DownloadOutlined, FileExcelOutlined, UndoOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type {
  CellClassParams,
  CellKeyDownEvent,
  ColDef,
  Column,
  ColumnState,
  FullWidthCellKeyDownEvent,
  GridApi,
  IDatasource,
  IGetRowsParams,
  IRowNode,
  ITextFilterParams,
  ITooltipParams,
  ValueFormatterParams,
  ValueGetterParams,
  ValueSetterParams,
} from 'ag-grid-community';
import { App, Button, Tooltip } from 'antd';
import { type ReactNode, type Ref, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData, Result } from '../../../../shared/result';
import type { PageRequest } from '../../../../shared/schemas/common';
import type { GridState } from '../../../../shared/schemas/masterdata';
import { invoke } from '../../api/client';
import { errorText, issuesOf } from '../../errors';
import { DataGrid } from '../DataGrid';
import { displayText, editText, exportValue, isNumericKind, type Locale, pasteCell, parseInput, type SheetColumn } from './columns';
import { csvBlob, download, type ExportCell, type ExportColumn, fetchAll, timestampedName, xlsxBlob } from './export';
import { type PasteColumn, PastePreview, type UpsertFn } from './PastePreview';
import { parseTsv, toTsv } from './tsv';
import './sheet-grid.css';

type FilterItem = PageRequest['filter'][string];
const FILTER_TYPES = new Set(['contains', 'equals', 'startsWith']);

/** AG Grid's filterModel (text filters, one condition) → the contract's filter map. */
export function toContractFilter(filterModel: Record<string, unknown> | null | undefined): Record<string, FilterItem> {
  const out: Record<string, FilterItem> = {};
  for (const [col, raw] of Object.entries(filterModel ?? {})) {
    const m = raw as { filterType?: string; type?: string; filter?: unknown };
    if (m.filterType !== 'text' || typeof m.type !== 'string' || !FILTER_TYPES.has(m.type)) continue;
    if (typeof m.filter !== 'string' || !m.filter.trim()) continue;
    out[col] = { type: m.type as FilterItem['type'], value: m.filter.trim().slice(0, 200) };
  }
  return out;
}

const textFilter: ITextFilterParams = {
  filterOptions: ['contains', 'equals', 'startsWith'],
  maxNumConditions: 1,
  debounceMs: 400,
  trimInput: true,
  buttons: ['reset'],
};

export interface SheetGridHandle {
  /** Re-reads the loaded blocks (after a change elsewhere). */
  refresh(): void;
  /** Drops the cache and starts from the top (after a toolbar filter change). */
  purge(): void;
  api(): GridApi | null;
}

export interface SheetGridProps<T extends { id: number }> {
  gridKey: string;
  testId: string;
  /** Export file and sheet name. */
  title: string;
  columns: SheetColumn<T>[];
  /** Row property that identifies a row in pasted data (customers: code, products: sku). */
  keyField: keyof T & string;
  keyPasteField: string;
  fetchPage: (req: PageRequest) => Promise<Result<{ rows: T[]; total: number }>>;
  /** Toolbar filters merged into every page request. */
  extraFilter?: () => Record<string, FilterItem>;
  saveCell?: (id: number, field: keyof T & string, value: unknown) => Promise<Result<T>>;
  upsert?: UpsertFn;
  canEdit: boolean;
  /** The line under the toolbar for editors (default: the keys of editing, paste and fill-down). */
  hint?: string;
  loc: Locale;
  toolbar?: ReactNode;
  extraColumns?: ColDef<T>[];
  onTotal?: (n: number) => void;
  onError?: (e: AppErrorData | null) => void;
  handleRef?: Ref<SheetGridHandle>;
}

type UndoEntry = { kind: 'save'; id: number; field: string; old: unknown } | { kind: 'invalid'; id: number; field: string };

const sameValue = (a: unknown, b: unknown) => a === b || ((a === null || a === undefined) && (b === null || b === undefined));

export function SheetGrid<T extends { id: number }>(props: SheetGridProps<T>) {
  // fetchPage, extraFilter, onTotal and onError are read through `live` (AG Grid keeps the datasource).
  const { gridKey, testId, title, columns, keyField, keyPasteField, saveCell, upsert, canEdit, loc, toolbar, extraColumns, handleRef } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const grid = useRef<AgGridReact<T>>(null);
  const container = useRef<HTMLDivElement>(null);
  const invalid = useRef(new Map<string, { text: string; message: string }>());
  const undo = useRef<UndoEntry[]>([]);
  const [paste, setPaste] = useState<{ columns: PasteColumn[]; records: Record<string, string>[] } | null>(null);
  const [exporting, setExporting] = useState(false);
  const stateLoaded = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const byField = useMemo(() => new Map(columns.map((c) => [c.field as string, c])), [columns]);

  // Latest props for callbacks that AG Grid keeps.
  const live = useRef(props);
  live.current = props;

  const cellKey = (id: number, field: string) => `${id}|${field}`;

  const refreshCell = (node: IRowNode<T> | null | undefined, field: string) => {
    const api = grid.current?.api;
    if (api && node) api.refreshCells({ rowNodes: [node], columns: [field], force: true });
  };

  const buildRequest = useCallback(
    (api: GridApi<T>, offset: number, limit: number): PageRequest => {
      const filter = { ...toContractFilter(api.getFilterModel()), ...(live.current.extraFilter?.() ?? {}) };
      const sort = api
        .getColumnState()
        .filter((c) => c.sort && byField.get(c.colId)?.sortable !== false && byField.has(c.colId))
        .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
        .slice(0, 4)
        .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' }));
      return { offset, limit, sort, filter };
    },
    [byField],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const api = grid.current?.api;
        if (!api) return params.failCallback();
        const req = buildRequest(api, params.startRow, Math.min(1000, params.endRow - params.startRow));
        void live.current.fetchPage(req).then((r) => {
          if (!r.ok) {
            live.current.onError?.(r.error);
            params.failCallback();
            return;
          }
          live.current.onError?.(null);
          live.current.onTotal?.(r.data.total);
          params.successCallback(r.data.rows, r.data.total);
        });
      },
    }),
    [buildRequest],
  );

  useImperativeHandle(handleRef, () => ({
    refresh: () => grid.current?.api?.refreshInfiniteCache(),
    purge: () => grid.current?.api?.purgeInfiniteCache(),
    api: () => (grid.current?.api as GridApi | undefined) ?? null,
  }));

  // ─── Column state per user ────────────────────────────────────────────────────────────

  const currentState = (api: GridApi<T>): GridState => ({
    columns: api
      .getColumnState()
      .slice(0, 100)
      .map((c: ColumnState) => ({
        colId: c.colId.slice(0, 64),
        ...(typeof c.width === 'number' && { width: Math.min(2000, Math.max(20, Math.round(c.width))) }),
        hide: Boolean(c.hide),
        pinned: c.pinned === 'left' || c.pinned === 'right' ? c.pinned : null,
        sort: c.sort ?? null,
        sortIndex: c.sortIndex ?? null,
      })),
    filter: toContractFilter(api.getFilterModel()),
  });

  const scheduleStateSave = () => {
    if (!stateLoaded.current) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      const api = grid.current?.api;
      if (api) void invoke('gridState.save', { gridKey, state: currentState(api) });
    }, 500);
  };

  useEffect(() => () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
  }, []);

  const onGridReady = async () => {
    const api = grid.current?.api;
    if (!api) return;
    const r = await invoke('gridState.get', { gridKey });
    if (r.ok && r.data.state) {
      const known = r.data.state.columns.filter((c) => byField.has(c.colId) || api.getColumn(c.colId));
      api.applyColumnState({ state: known.map((c) => ({ ...c, width: c.width })), applyOrder: true });
      const model: Record<string, unknown> = {};
      for (const [col, f] of Object.entries(r.data.state.filter)) if (byField.get(col)?.filter) model[col] = { filterType: 'text', type: f.type, filter: f.value };
      api.setFilterModel(model);
    }
    stateLoaded.current = true;
    api.setGridOption('datasource', datasource);
  };

  const resetLayout = () => {
    const api = grid.current?.api;
    if (!api) return;
    api.resetColumnState();
    api.setFilterModel(null);
    void invoke('gridState.save', { gridKey, state: { columns: [], filter: {} } });
    void message.success(t('masterdata.grid.layoutReset'));
  };

  // ─── Editing ──────────────────────────────────────────────────────────────────────────

  const markInvalid = (node: IRowNode<T>, col: SheetColumn<T>, text: string, reason: string, recordUndo = true) => {
    if (!node.data) return;
    invalid.current.set(cellKey(node.data.id, col.field), { text, message: reason });
    if (recordUndo) undo.current.push({ kind: 'invalid', id: node.data.id, field: col.field });
    refreshCell(node, col.field);
    void message.error(t('masterdata.grid.invalidCell', { column: col.headerName, message: reason }));
  };

  const serverReason = (e: AppErrorData) => {
    const issue = issuesOf(e)[0];
    return e.code === 'VALIDATION' && issue ? issue.message : errorText(t, e);
  };

  /** Saves one value of one row; on refusal the old value comes back and the cell shows why. */
  const commit = async (node: IRowNode<T>, col: SheetColumn<T>, value: unknown, recordUndo: boolean): Promise<boolean> => {
    const save = live.current.saveCell;
    const row = node.data;
    if (!save || !row) return false;
    const old = (row as Record<string, unknown>)[col.field];
    invalid.current.delete(cellKey(row.id, col.field));
    if (sameValue(old, value)) {
      refreshCell(node, col.field);
      return true;
    }
    node.setData({ ...row, [col.field]: value });
    const r = await save(row.id, col.field, value);
    if (r.ok) {
      node.setData(r.data);
      if (recordUndo) undo.current.push({ kind: 'save', id: row.id, field: col.field, old });
      return true;
    }
    node.setData(row);
    markInvalid(node, col, editText(col, value, loc), serverReason(r.error), recordUndo);
    return false;
  };

  const valueSetter = (col: SheetColumn<T>) => (p: ValueSetterParams<T>) => {
    const parsed = parseInput(col, p.newValue, loc, (k) => t(k as 'masterdata.cellErrors.required'));
    if (!parsed.ok) {
      markInvalid(p.node as IRowNode<T>, col, typeof p.newValue === 'string' ? p.newValue : editText(col, p.newValue, loc), parsed.message);
      return false;
    }
    void commit(p.node as IRowNode<T>, col, parsed.value, true);
    return false;
  };

  const undoLast = async () => {
    const api = grid.current?.api;
    const e = undo.current.pop();
    if (!api || !e) {
      void message.info(t('masterdata.grid.nothingToUndo'));
      return;
    }
    const node = api.getRowNode(String(e.id));
    const col = byField.get(e.field);
    if (e.kind === 'invalid') {
      invalid.current.delete(cellKey(e.id, e.field));
      refreshCell(node, e.field);
    } else if (col) {
      if (node?.data) await commit(node, col, e.old, false);
      else {
        const r = await live.current.saveCell?.(e.id, col.field, e.old);
        if (r && !r.ok) void message.error(errorText(t, r.error));
        api.refreshInfiniteCache();
      }
    }
    void message.success(t('masterdata.grid.undone'));
  };

  const fillDown = async () => {
    const api = grid.current?.api;
    const focused = api?.getFocusedCell();
    if (!api || !focused) return;
    const col = byField.get(focused.column.getColId());
    if (!col?.editable || !canEdit) {
      void message.info(t('masterdata.grid.readOnly'));
      return;
    }
    const selected = api.getSelectedNodes().filter((n) => n.data && n.rowIndex !== null).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    let source: IRowNode<T> | undefined;
    let targets: IRowNode<T>[];
    if (selected.length >= 2) {
      source = selected[0];
      targets = selected.slice(1);
    } else {
      source = focused.rowIndex > 0 ? api.getDisplayedRowAtIndex(focused.rowIndex - 1) : undefined;
      const target = api.getDisplayedRowAtIndex(focused.rowIndex);
      targets = target ? [target] : [];
    }
    if (!source?.data || !targets.length) {
      void message.info(t('masterdata.grid.nothingToFill'));
      return;
    }
    const value = (source.data as Record<string, unknown>)[col.field];
    let n = 0;
    for (const node of targets) if (await commit(node, col, value, true)) n++;
    if (n) void message.success(t('masterdata.grid.filledDown', { n }));
  };

  const onCellKeyDown = (e: CellKeyDownEvent<T> | FullWidthCellKeyDownEvent<T>) => {
    const ke = e.event as KeyboardEvent | null;
    if (!ke || !(ke.ctrlKey || ke.metaKey) || ke.altKey) return;
    if (e.api.getEditingCells().length) return;
    const k = ke.key.toLowerCase();
    if (k === 'z' && !ke.shiftKey) {
      ke.preventDefault();
      void undoLast();
    } else if (k === 'd') {
      ke.preventDefault();
      void fillDown();
    }
  };

  // ─── Clipboard: copy and paste ────────────────────────────────────────────────────────

  const onCopy = (e: ClipboardEvent) => {
    const api = grid.current?.api;
    if (!api || api.getEditingCells().length) return;
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    const cols = api.getAllDisplayedColumns().filter((c) => byField.has(c.getColId()));
    const selected = api.getSelectedNodes().filter((n) => n.data);
    let rows: string[][];
    if (selected.length) {
      rows = selected.map((n) => cols.map((c) => editText(byField.get(c.getColId()) as SheetColumn<T>, (n.data as Record<string, unknown>)[c.getColId()], loc)));
    } else {
      const f = api.getFocusedCell();
      const col = f ? byField.get(f.column.getColId()) : undefined;
      const node = f ? api.getDisplayedRowAtIndex(f.rowIndex) : undefined;
      if (!col || !node?.data) return;
      rows = [[editText(col, (node.data as Record<string, unknown>)[col.field], loc)]];
    }
    e.clipboardData?.setData('text/plain', toTsv(rows));
    e.preventDefault();
    void message.success(t('masterdata.grid.copied', { n: rows.length * (rows[0]?.length ?? 0) }));
  };

  const onPaste = (e: ClipboardEvent) => {
    const api = grid.current?.api;
    if (!api || api.getEditingCells().length || !live.current.upsert || !live.current.canEdit) return;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    e.preventDefault();
    const cells = parseTsv(text);
    if (!cells.length || cells.every((r) => r.every((c) => c.trim() === ''))) {
      void message.warning(t('masterdata.grid.pasteNothing'));
      return;
    }
    const displayed = api.getAllDisplayedColumns();
    const focused = api.getFocusedCell();
    const first = displayed.findIndex((c) => byField.get(c.getColId())?.pasteField);
    const start = focused ? Math.max(0, displayed.indexOf(focused.column as Column)) : Math.max(0, first);
    const startRow = focused ? focused.rowIndex : 0;
    const width = Math.max(...cells.map((r) => r.length));
    const targets = Array.from({ length: width }, (_, j) => byField.get(displayed[start + j]?.getColId() ?? ''));
    const ignored = targets.filter((c) => c && !c.pasteField).map((c) => c?.headerName);
    // A first row that repeats the column titles is a header, not data.
    let body = cells;
    const head = cells[0] ?? [];
    if (head.every((v, j) => !v.trim() || v.trim() === targets[j]?.headerName || v.trim() === targets[j]?.pasteField)) body = cells.slice(1);
    const keyCol = byField.get(keyField);
    const pastesKey = targets.some((c) => c?.pasteField === keyPasteField);
    const records = body.map((r, i) => {
      const rec: Record<string, string> = {};
      if (!pastesKey) {
        const node = api.getDisplayedRowAtIndex(startRow + i);
        rec[keyPasteField] = node?.data ? String((node.data as Record<string, unknown>)[keyField] ?? '') : '';
      }
      targets.forEach((c, j) => {
        if (c?.pasteField) rec[c.pasteField] = r[j] ?? '';
      });
      return rec;
    });
    const pasteCols: PasteColumn[] = [];
    if (!pastesKey && keyCol) pasteCols.push({ field: keyPasteField, headerName: keyCol.headerName, toCell: (s) => pasteCell(keyCol, s, loc) });
    for (const c of targets) {
      if (c?.pasteField && !pasteCols.some((p) => p.field === c.pasteField)) pasteCols.push({ field: c.pasteField, headerName: c.headerName, toCell: (s) => pasteCell(c, s, loc) });
    }
    if (ignored.length) void message.info(t('masterdata.grid.pasteIgnored', { columns: ignored.join(t('common.sep')) }));
    setPaste({ columns: pasteCols, records });
  };

  // Clipboard events reach the focused cell; they bubble to the grid's container.
  const handlers = useRef({ onCopy, onPaste });
  handlers.current = { onCopy, onPaste };
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const copy = (e: ClipboardEvent) => handlers.current.onCopy(e);
    const pasteListener = (e: ClipboardEvent) => handlers.current.onPaste(e);
    el.addEventListener('copy', copy);
    el.addEventListener('paste', pasteListener);
    return () => {
      el.removeEventListener('copy', copy);
      el.removeEventListener('paste', pasteListener);
    };
  }, []);

  // ─── Export ───────────────────────────────────────────────────────────────────────────

  const exportView = async (kind: 'xlsx' | 'csv') => {
    const api = grid.current?.api;
    if (!api) return;
    setExporting(true);
    const key = 'sd-export';
    try {
      const cols = api
        .getAllDisplayedColumns()
        .map((c) => byField.get(c.getColId()))
        .filter((c): c is SheetColumn<T> => Boolean(c));
      const rows = await fetchAll<T>(
        async (offset, limit) => {
          const r = await live.current.fetchPage(buildRequest(api, offset, limit));
          if (!r.ok) throw new Error(errorText(t, r.error));
          return r.data;
        },
        (done, total) => void message.loading({ key, content: t('masterdata.grid.exporting', { done, total }), duration: 0 }),
      );
      const exportCols: ExportColumn[] = cols.map((c) => ({
        header: c.headerName,
        width: api.getColumn(c.field)?.getActualWidth() ?? 120,
        ...(c.kind === 'money' && { numFmt: '#,##0.00' }),
        ...(c.kind === 'integer' && { numFmt: '#,##0' }),
        ...(c.kind === 'decimal' && { numFmt: '#,##0.###' }),
      }));
      const data: ExportCell[][] = rows.map((r) =>
        cols.map((c) => {
          const v = (r as Record<string, unknown>)[c.field];
          return kind === 'xlsx' || isNumericKind(c.kind) || c.kind === 'date' ? exportValue(c, v, r, loc) : displayText(c, v, r, loc);
        }),
      );
      const blob = kind === 'xlsx' ? await xlsxBlob(title, exportCols, data) : csvBlob(exportCols, data);
      download(blob, timestampedName(title, kind));
      void message.success({ key, content: t('masterdata.grid.exported', { n: rows.length }) });
    } catch (e) {
      void message.error({ key, content: (e as Error).message });
    } finally {
      setExporting(false);
    }
  };

  // ─── Columns ──────────────────────────────────────────────────────────────────────────

  // valueSetter/commit read live refs; rebuilding on every render would reset the grid.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  const columnDefs = useMemo<ColDef<T>[]>(() => {
    const defs = columns.map((col): ColDef<T> => {
      const editable = canEdit && Boolean(col.editable) && Boolean(saveCell);
      const choice = col.kind === 'enum' || col.kind === 'boolean';
      return {
        colId: col.field,
        field: col.field as ColDef<T>['field'],
        headerName: col.headerName,
        width: col.width,
        minWidth: col.minWidth ?? 70,
        flex: col.flex,
        pinned: col.pinned,
        sortable: col.sortable !== false,
        filter: col.filter ? 'agTextColumnFilter' : false,
        filterParams: col.filter ? textFilter : undefined,
        editable,
        ...(isNumericKind(col.kind) ? { type: 'rightAligned' } : {}),
        cellEditor: choice ? 'agSelectCellEditor' : 'agTextCellEditor',
        cellEditorParams: choice ? { values: (col.options ?? []).map((o) => o.label) } : undefined,
        valueGetter: (p: ValueGetterParams<T>) => (p.data ? editText(col, (p.data as Record<string, unknown>)[col.field], loc) : undefined),
        valueFormatter: (p: ValueFormatterParams<T>) => {
          if (!p.data) return '';
          const bad = invalid.current.get(cellKey(p.data.id, col.field));
          return bad ? bad.text : displayText(col, (p.data as Record<string, unknown>)[col.field], p.data, loc);
        },
        valueSetter: valueSetter(col),
        ...(col.cellRenderer ? { cellRenderer: col.cellRenderer as ColDef<T>['cellRenderer'] } : {}),
        // Replaces the rightAligned type's class, so it is repeated here.
        cellClass: isNumericKind(col.kind) ? ['ag-right-aligned-cell', 'sd-num'] : col.kind === 'datetime' || col.kind === 'date' ? 'sd-num' : undefined,
        cellClassRules: {
          'sd-cell-invalid': (p: CellClassParams<T>) => Boolean(p.data && invalid.current.has(cellKey(p.data.id, col.field))),
          'sd-cell-editable': () => editable,
        },
        tooltipValueGetter: (p: ITooltipParams<T>) => {
          const data = p.data as T | undefined;
          const bad = data ? invalid.current.get(cellKey(data.id, col.field)) : undefined;
          if (bad) return bad.message;
          return col.tooltip && data ? displayText(col, (data as Record<string, unknown>)[col.field], data, loc) : undefined;
        },
        suppressKeyboardEvent: (p) => {
          // Ctrl+D / Ctrl+Z are ours outside editing.
          const k = p.event.key.toLowerCase();
          return !p.editing && (p.event.ctrlKey || p.event.metaKey) && (k === 'd' || k === 'z');
        },
      };
    });
    return [...defs, ...(extraColumns ?? [])];
  }, [columns, canEdit, saveCell, extraColumns, loc, t]);

  const defaultColDef = useMemo<ColDef>(() => ({ resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }), []);

  return (
    <div className="sd-sheet" ref={container} data-testid={`${testId}-sheet`}>
      <div className="sd-toolbar">
        {toolbar}
        <span style={{ flex: 1 }} />
        <Tooltip title={t('masterdata.grid.hint')}>
          <Button icon={<UndoOutlined />} onClick={() => void undoLast()} disabled={!canEdit} data-testid={`${testId}-undo`} />
        </Tooltip>
        <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => void exportView('xlsx')} data-testid={`${testId}-export-xlsx`}>
          {t('masterdata.grid.exportXlsx')}
        </Button>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportView('csv')} data-testid={`${testId}-export-csv`}>
          {t('masterdata.grid.exportCsv')}
        </Button>
        <Tooltip title={t('masterdata.grid.resetLayout')}>
          <Button icon={<ColumnWidthOutlined />} onClick={resetLayout} aria-label={t('masterdata.grid.resetLayout')} />
        </Tooltip>
      </div>
      {canEdit && <div className="sd-sheet-hint">{props.hint ?? t('masterdata.grid.hint')}</div>}
      <DataGrid<T>
        gridRef={grid}
        testId={testId}
        rowModelType="infinite"
        cacheBlockSize={100}
        maxBlocksInCache={50}
        getRowId={(p) => String(p.data.id)}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        suppressCellFocus={false}
        enableCellTextSelection={false}
        rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }}
        selectionColumnDef={{ pinned: 'left', width: 44, maxWidth: 44, resizable: false, suppressHeaderMenuButton: true }}
        stopEditingWhenCellsLoseFocus
        enterNavigatesVerticallyAfterEdit
        tooltipShowDelay={200}
        onGridReady={() => void onGridReady()}
        onCellKeyDown={onCellKeyDown}
        onSortChanged={scheduleStateSave}
        onFilterChanged={scheduleStateSave}
        onColumnMoved={(e) => e.finished && scheduleStateSave()}
        onColumnResized={(e) => e.finished && scheduleStateSave()}
        onColumnPinned={scheduleStateSave}
        onColumnVisible={scheduleStateSave}
      />
      {paste && upsert && (
        <PastePreview
          columns={paste.columns}
          records={paste.records}
          upsert={upsert}
          onClose={(saved) => {
            setPaste(null);
            if (saved) grid.current?.api?.refreshInfiniteCache();
          }}
        />
      )}
    </div>
  );
}
