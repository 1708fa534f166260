/**
 * Every grid in SalesDesk: AG Grid with the shared theme and the current language's texts.
 * The grid is re-created when the language changes (AG Grid reads localeText once).
 */
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import type { Ref } from 'react';
import { agGridLocaleText, currentLanguage } from '../i18n';
import { gridTheme } from '../theme';
import { useTranslation } from 'react-i18next';

export interface DataGridProps<T> extends AgGridReactProps<T> {
  gridRef?: Ref<AgGridReact<T>>;
  testId?: string;
}

export function DataGrid<T>({ gridRef, testId, ...props }: DataGridProps<T>) {
  useTranslation(); // re-render on language change
  const lng = currentLanguage();
  return (
    <div className="sd-grid" data-testid={testId}>
      <AgGridReact<T>
        key={lng}
        ref={gridRef}
        theme={gridTheme}
        localeText={agGridLocaleText(lng)}
        suppressCellFocus
        enableCellTextSelection
        ensureDomOrder
        {...props}
      />
    </div>
  );
}
