/** One visual language for antd, AG Grid and ECharts. */
import { themeQuartz } from 'ag-grid-community';
import type { ThemeConfig } from 'antd';

/** System UI fonts first, then the common Chinese fonts of Windows, macOS and Linux. */
export const FONT_STACK = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"WenQuanYi Micro Hei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export const PRIMARY = '#1677ff';

export const antdTheme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    fontFamily: FONT_STACK,
    fontSize: 14,
    borderRadius: 6,
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px', siderBg: '#001529', bodyBg: '#f3f5f8' },
  },
};

export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT_STACK,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  accentColor: PRIMARY,
  foregroundColor: 'rgba(0, 0, 0, 0.88)',
  headerBackgroundColor: '#fafafa',
  borderColor: '#e8e8e8',
  wrapperBorderRadius: 8,
  borderRadius: 4,
  rowHeight: 40,
  headerHeight: 42,
  cellHorizontalPadding: 12,
  browserColorScheme: 'light',
});

/** Column props for numbers: right-aligned header and cells, tabular digits. */
export const NUMBER_COLUMN = { type: 'rightAligned', cellClass: 'ag-right-aligned-cell sd-num' } as const;

export const CHART_COLORS = ['#1677ff', '#13c2c2', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#eb2f96', '#fa8c16', '#2f54eb', '#a0d911'];
