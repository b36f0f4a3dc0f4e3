// Plots, with uPlot. Series of one chart share an x axis, so observations are aligned on the union of steps.

import uPlot from './vendor/uPlot.esm.js';
import {h, mount} from './dom.js';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4d7c0f', '#be185d'];

/** One line per metric name against the training step. */
export function metricPlot(el, observations, totalCount) {
  if (!observations.length) {
    mount(el, h('p', {class: 'hint'}, 'The run logged no metrics.'));
    return;
  }
  const names = [...new Set(observations.map(o => o.name))];
  const steps = [...new Set(observations.map(o => o.step))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const series = names.map(() => steps.map(() => null));
  for (const o of observations) series[names.indexOf(o.name)][index.get(o.step)] = o.value;
  mount(el, totalCount > observations.length
      ? h('p', {class: 'hint'}, `The first ${observations.length} of ${totalCount} observations.`) : null);
  const chart = new uPlot({
    width: Math.min(900, Math.max(320, el.clientWidth || 800)),
    height: 260,
    scales: {x: {time: false}},
    axes: [{label: 'step'}, {}],
    series: [{label: 'step'}, ...names.map((name, i) => ({label: name, stroke: COLOURS[i % COLOURS.length],
      spanGaps: true, points: {show: steps.length < 50}}))],
  }, [steps, ...series], el);
  el.dataset.series = names.join(',');
  return chart;
}

/**
 * One feature's statistics over its monitor's windows (oldest first): a line per statistic against the
 * window's end, and each statistic's threshold as a dashed line in the same colour.
 */
export function statisticPlot(el, feature, windows) {
  const rows = windows.flatMap(w => w.statistics.filter(s => s.feature === feature).map(s => ({...s, end: w.end})));
  const names = [...new Set(rows.map(r => r.statistic))];
  const ends = [...new Set(windows.map(w => w.end))].sort();
  const index = new Map(ends.map((e, i) => [e, i]));
  const values = names.map(() => ends.map(() => null));
  const limits = names.map(() => ends.map(() => null));
  for (const r of rows) {
    values[names.indexOf(r.statistic)][index.get(r.end)] = r.value;
    limits[names.indexOf(r.statistic)][index.get(r.end)] = r.threshold;
  }
  const series = [{label: 'window end (UTC)'}];
  const data = [ends.map(e => new Date(e).getTime() / 1000)];
  names.forEach((name, i) => {
    const colour = COLOURS[i % COLOURS.length];
    series.push({label: name, stroke: colour, width: 2, spanGaps: true, points: {show: ends.length < 50}});
    data.push(values[i]);
    if (limits[i].some(v => v !== null)) {
      // A window without the statistic (the reference window) takes the nearest threshold, so the line spans the plot.
      for (let j = 1; j < ends.length; j++) limits[i][j] ??= limits[i][j - 1];
      for (let j = ends.length - 2; j >= 0; j--) limits[i][j] ??= limits[i][j + 1];
      series.push({label: name + ' threshold', stroke: colour, dash: [6, 4], width: 1, spanGaps: true,
        points: {show: false}});
      data.push(limits[i]);
    }
  });
  const chart = new uPlot({
    width: Math.min(900, Math.max(320, el.clientWidth || 800)),
    height: 220,
    title: feature,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    series,
  }, data, el);
  el.dataset.series = names.join(',');
  return chart;
}
