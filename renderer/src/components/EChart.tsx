/**
 * A small ECharts host: tree-shaken core with bar and pie charts, created with the current
 * language's locale ('ZH' / 'EN'), resized with its container, disposed on unmount.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, echartsLocale } from '../i18n';
import { CHART_COLORS, FONT_STACK } from '../theme';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({ option, height = 300, testId }: { option: ChartOption; height?: number; testId?: string }) {
  useTranslation();
  const lng = currentLanguage();
  const el = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<echarts.ECharts | null>(null);

  // One chart instance per language: ECharts takes its locale at init.
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { locale: echartsLocale(lng), renderer: 'canvas' });
    setChart(c);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      setChart(null);
    };
  }, [lng]);

  useEffect(() => {
    chart?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT_STACK }, ...option }, true);
  }, [chart, option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
