/**
 * ECharts host for the analysis and grading screens: like components/EChart, plus line series,
 * mark lines and a click handler (every chart drills down to its rows).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, echartsLocale } from '../../i18n';
import { CHART_COLORS, FONT_STACK } from '../../theme';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export interface ChartClick {
  seriesIndex?: number;
  seriesName?: string;
  dataIndex: number;
  name: string;
}

export function Chart({ option, height = 320, testId, onClick }: { option: ChartOption; height?: number; testId?: string; onClick?: (e: ChartClick) => void }) {
  useTranslation();
  const lng = currentLanguage();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { locale: echartsLocale(lng), renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => click.current?.(e as unknown as ChartClick));
    c.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT_STACK }, ...latest.current }, true);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lng]);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT_STACK }, ...option }, true);
  }, [option]);

  return <div ref={el} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} />;
}
