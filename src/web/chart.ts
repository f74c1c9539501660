// The route comparison chart, in its own lazily loaded chunk. Static named imports let esbuild
// keep only the echarts parts drawn here (bars, axes, legend, tooltip, SVG renderer).
import { init, use } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Series { name: string; color: string; values: number[] }

export function drawBars(el: HTMLElement, categories: string[], yName: string, series: Series[]): void {
  const chart = init(el, undefined, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 10, top: 30, bottom: 25 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', name: yName, min: 0 },
    series: series.map((s) => ({ name: s.name, type: 'bar', itemStyle: { color: s.color }, data: s.values })),
  });
}
