import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="sd-page-header">
      <div>
        <h1 className="sd-page-title">{title}</h1>
        {subtitle && <div className="sd-page-subtitle">{subtitle}</div>}
      </div>
      {extra && <div className="sd-toolbar">{extra}</div>}
    </div>
  );
}
