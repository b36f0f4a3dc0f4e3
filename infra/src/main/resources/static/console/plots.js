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
