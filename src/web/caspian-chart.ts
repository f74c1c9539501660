// The Caspian level chart, in its own lazily loaded chunk like chart.ts: the level series, the
// chosen year's estimate and, for a projection, its low..high band. Canvas renderer, so a test
// (and a person) can read the pixels.
import { init, use, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface LevelChartData {
  series: { year: number; levelM: number }[];
  level: { year: number; levelM: number; kind: string; bandM: [number, number] | null };
  names: { series: string; projection: string; band: string; axis: string };
}

let chart: ECharts | null = null;

export function drawLevelChart(el: HTMLElement, d: LevelChartData): void {
  chart?.dispose();
  chart = init(el, undefined, { renderer: 'canvas' });
  const pts = d.series.map((p) => [p.year, p.levelM]);
  const last = d.series[d.series.length - 1];
  const projected = d.level.bandM && last && d.level.year > last.year;
  // the band as its low and high edges from the last figure: a filled polygon would need stacking,
  // which echarts does by index, not by x on a value axis
  const edge = (v: number) => (projected ? [[last.year, last.levelM], [d.level.year, v]] : []);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 12, top: 30, bottom: 25 },
    xAxis: { type: 'value', min: 'dataMin', max: 'dataMax', axisLabel: { formatter: (v: number) => String(Math.round(v)) } },
    yAxis: { type: 'value', name: d.names.axis, scale: true },
    series: [
      { name: d.names.series, type: 'line', showSymbol: false, data: pts, itemStyle: { color: '#1f618d' } },
      ...(projected ? [
        { name: d.names.band, type: 'line', symbol: 'none', lineStyle: { type: 'dotted', color: '#e67e22' }, itemStyle: { color: '#e67e22' }, data: edge(d.level.bandM![0]) },
        { name: d.names.band, type: 'line', symbol: 'none', lineStyle: { type: 'dotted', color: '#e67e22' }, itemStyle: { color: '#e67e22' }, data: edge(d.level.bandM![1]) },
        { name: d.names.projection, type: 'line', lineStyle: { type: 'dashed' }, itemStyle: { color: '#e67e22' }, data: [[last.year, last.levelM], [d.level.year, d.level.levelM]] },
      ] : [{ name: d.names.projection, type: 'scatter', itemStyle: { color: '#e67e22' }, data: [[d.level.year, d.level.levelM]] }]),
    ],
  });
}
