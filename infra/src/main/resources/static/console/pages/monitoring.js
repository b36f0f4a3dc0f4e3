// Monitoring: every monitor; one monitor's statistics over its windows as plots with their thresholds; the
// alerts, a page at a time, acknowledged and resolved from the page.

import {gql} from '../api.js';
import {pager} from '../components.js';
import {statisticPlot} from '../plots.js';
import {badge, errorBox, formValues, h, mount, table, when} from '../dom.js';

const PAGE = 50;

const MONITORS = `{ monitors { environment service features window paused performanceTask
  baseline { dataset version referenceFrom referenceTo } } }`;

const MONITOR = `query($env: String!, $service: String!, $asOf: DateTime, $first: Int, $after: String) {
  monitor(environment: $env, service: $service, asOf: $asOf) {
    environment service features window paused performanceTask
    baseline { dataset version referenceFrom referenceTo }
    thresholds { statistic feature value }
    windows(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { start end statistics { feature statistic value threshold validation breached } }
    }
  }
}`;

const ALERTS = `query($state: String, $env: String, $first: Int, $after: String) {
  alerts(state: $state, environment: $env, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { alert environment service kind feature statistic value threshold validation modelVersion
            windowStart windowEnd state openedAt acknowledgedBy acknowledgedAt acknowledgeComment
            resolvedBy resolvedAt resolveComment recoveredValue }
  }
}`;

const ACKNOWLEDGE = `mutation($alert: String!, $comment: String) {
  acknowledgeAlert(input: {alert: $alert, comment: $comment}) { alertId }
}`;

const RESOLVE = `mutation($alert: String!, $comment: String) {
  resolveAlert(input: {alert: $alert, comment: $comment}) { alertId }
}`;

export async function render(el, ctx) {
  const [environment, service] = ctx.segments;
  if (environment && service) await monitorPage(el, ctx, environment, service);
  else await listPage(el, ctx);
}

function field(label, input) {
  return h('label', {}, h('span', {}, label), input);
}

function baseline(b) {
  if (b.dataset) return `${b.dataset}@${b.version}`;
  return `predictions ${when(b.referenceFrom)} – ${when(b.referenceTo)}`;
}

async function listPage(el, ctx) {
  const p = Object.fromEntries(ctx.params);
  const filters = h('form', {class: 'filters', id: 'alert-filters'},
      field('State', h('select', {name: 'state'}, ['', 'OPEN', 'ACKNOWLEDGED', 'RESOLVED'].map(s =>
          h('option', {value: s, selected: s === (p.state ?? '') ? true : null}, s || 'any')))),
      field('Environment', h('input', {name: 'env', value: p.env, size: 12})),
      h('button', {type: 'submit'}, 'Apply'));
  filters.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(filters);
    ctx.update({state: v.state, env: v.env});
  });
  const monitors = h('section', {id: 'monitors'});
  const alerts = h('section', {id: 'alerts'});
  mount(el, h('h1', {}, 'Monitoring'), monitors, h('h2', {}, 'Alerts'), filters, alerts);

  const data = await gql(MONITORS);
  if (ctx.stale()) return;
  // The API keeps no history of the monitor list: it is the list as it is now, each monitor then as of the instant.
  const shown = data.monitors.filter(m => !p.env || m.environment === p.env);
  const rows = shown.map(m => h('tr', {class: 'monitor-row', dataset: {key: m.environment + '/' + m.service}},
      h('td', {}, h('a', {href: ctx.link('monitoring', [m.environment, m.service])}, `${m.environment}/${m.service}`)),
      h('td', {}, m.features.join(', ')), h('td', {}, m.window), h('td', {}, baseline(m.baseline)),
      h('td', {}, m.performanceTask ?? ''), h('td', {}, m.paused ? badge('paused', 'muted') : badge('running', 'ok'))));
  mount(monitors, h('h2', {}, 'Monitors'),
      ctx.asOf ? h('p', {class: 'hint'}, 'The list is the monitors as they are now; each one opens as of the instant.') : null,
      table(['Deployment', 'Features', 'Window', 'Baseline', 'Performance', 'State'], rows, {id: 'monitors-table'}));
  await alertList(alerts, ctx, {state: p.state || null, env: p.env || null}, p.aAfter || null, null);
}

async function monitorPage(el, ctx, environment, service) {
  const p = Object.fromEntries(ctx.params);
  const plots = h('section', {id: 'monitor-plots'});
  const alerts = h('section', {id: 'alerts'});
  mount(el, h('h1', {}, `Monitor of ${environment}/${service}`),
      h('p', {}, h('a', {href: ctx.link('monitoring')}, 'All monitors')),
      h('div', {id: 'monitor-facts'}), plots, h('h2', {}, 'Alerts'), alerts);
  const data = await gql(MONITOR, {env: environment, service, asOf: ctx.asOf, first: PAGE, after: p.wAfter || null});
  if (ctx.stale()) return;
  const m = data.monitor;
  if (!m) {
    mount(el.querySelector('#monitor-facts'), h('p', {class: 'hint', id: 'no-monitor'},
        `${environment}/${service} had no monitor` + (ctx.asOf ? ' as of ' + when(ctx.asOf) : '') + '.'));
    return;
  }
  mount(el.querySelector('#monitor-facts'), h('dl', {class: 'facts'},
      h('dt', {}, 'Features'), h('dd', {}, m.features.join(', ') || 'outputs only'),
      h('dt', {}, 'Window'), h('dd', {}, m.window),
      h('dt', {}, 'Baseline'), h('dd', {}, baseline(m.baseline)),
      h('dt', {}, 'Thresholds'), h('dd', {}, m.thresholds.length ? m.thresholds.map(t =>
          `${t.statistic}${t.feature ? ' (' + t.feature + ')' : ''} ${t.value}`).join(', ') : 'the defaults'),
      h('dt', {}, 'Performance'), h('dd', {}, m.performanceTask ?? 'not measured'),
      h('dt', {}, 'State'), h('dd', {}, m.paused ? badge('paused', 'muted') : badge('running', 'ok'))));

  // Windows come newest first; a page of them is plotted oldest first, one chart per feature.
  const windows = [...m.windows.nodes].reverse();
  const features = [...new Set(windows.flatMap(w => w.statistics.map(s => s.feature)))];
  const here = Object.fromEntries(ctx.params);
  mount(plots, h('h2', {}, 'Statistics per window'),
      windows.length ? null : h('p', {class: 'hint'}, 'No window has closed yet.'),
      pager(m.windows.pageInfo, null, windows.length,
          cursor => ctx.link('monitoring', [environment, service], {...here, wAfter: cursor}),
          p.wAfter ? ctx.link('monitoring', [environment, service], {...here, wAfter: null}) : null,
          'newest windows (older ones on the next page)'),
      windows.length ? h('p', {class: 'hint'}, 'One chart per feature or output, a line per statistic; each '
          + 'statistic\'s threshold is the dashed line of its colour.') : null);
  for (const feature of features) {
    const breached = windows.some(w => w.statistics.some(s => s.feature === feature && s.breached));
    const box = h('div', {class: 'plot' + (breached ? ' breached' : ''), dataset: {feature}});
    plots.append(h('h3', {}, feature, breached ? ' ' : null, breached ? badge('threshold broken', 'danger') : null), box);
    statisticPlot(box, feature, windows);
  }
  await alertList(alerts, ctx, {state: null, env: environment}, p.aAfter || null, service);
}

/**
 * A page of alerts, newest first. The API has no service filter, so a monitor's page filters the
 * environment's page by service. As of an instant, alerts opened later are left out and each shows the
 * state it had then, from its own timestamps; nothing can be done to the past, so the buttons are gone.
 */
async function alertList(el, ctx, filter, after, service) {
  const data = await gql(ALERTS, {state: filter.state, env: filter.env, first: PAGE, after});
  if (ctx.stale()) return;
  const asOf = ctx.asOf ? new Date(ctx.asOf).getTime() : null;
  const at = iso => iso && (asOf === null || new Date(iso).getTime() <= asOf) ? iso : null;
  const alerts = data.alerts.nodes
      .filter(a => !service || a.service === service)
      .filter(a => at(a.openedAt))
      .map(a => {
        const resolvedAt = at(a.resolvedAt);
        const acknowledgedAt = at(a.acknowledgedAt);
        return {...a, shownState: resolvedAt ? 'RESOLVED' : acknowledgedAt ? 'ACKNOWLEDGED' : 'OPEN',
          acknowledgedAt, resolvedAt};
      });
  const reload = () => alertList(el, ctx, filter, after, service);
  const rows = alerts.map(a => alertRow(a, ctx, reload));
  const here = Object.fromEntries(ctx.params);
  const page = ctx.segments;
  mount(el,
      table(['Alert', 'Kind', 'Feature', 'Statistic', 'Value', 'Threshold', 'Window', 'State', 'History', ''], rows,
          {id: 'alerts-table'}),
      rows.length ? null : h('p', {class: 'hint', id: 'no-alerts'}, 'No alerts on this page.'),
      pager(data.alerts.pageInfo, null, rows.length,
          cursor => ctx.link('monitoring', page, {...here, aAfter: cursor}),
          after ? ctx.link('monitoring', page, {...here, aAfter: null}) : null, 'alerts'));
}

function alertRow(a, ctx, reload) {
  const kind = {OPEN: 'danger', ACKNOWLEDGED: '', RESOLVED: 'ok'}[a.shownState];
  const history = [
    `opened ${when(a.openedAt)}`,
    a.acknowledgedAt ? `acknowledged by ${a.acknowledgedBy} ${when(a.acknowledgedAt)}`
        + (a.acknowledgeComment ? `: ${a.acknowledgeComment}` : '') : null,
    a.resolvedAt ? `resolved by ${a.resolvedBy} ${when(a.resolvedAt)}` + (a.resolveComment ? `: ${a.resolveComment}` : '')
        + (a.recoveredValue != null ? ` (recovered to ${fmt(a.recoveredValue)})` : '') : null,
  ].filter(Boolean);
  const actions = h('td', {class: 'alert-actions'});
  if (!ctx.asOf && a.shownState !== 'RESOLVED') {
    const form = h('form', {class: 'alert-form'},
        h('input', {name: 'comment', placeholder: 'comment', size: 16, 'aria-label': 'comment'}),
        a.shownState === 'OPEN' ? h('button', {type: 'button', class: 'acknowledge', value: 'acknowledge'}, 'Acknowledge') : null,
        h('button', {type: 'button', class: 'resolve', value: 'resolve'}, 'Resolve'));
    const outcome = h('div', {class: 'alert-outcome'});
    form.addEventListener('click', async event => {
      const button = event.target.closest('button');
      if (!button) return;
      form.querySelectorAll('button').forEach(b => { b.disabled = true; });
      try {
        await gql(button.value === 'acknowledge' ? ACKNOWLEDGE : RESOLVE,
            {alert: a.alert, comment: formValues(form).comment || null});
        await reload();
      } catch (error) {
        mount(outcome, errorBox(error));
        form.querySelectorAll('button').forEach(b => { b.disabled = false; });
      }
    });
    form.addEventListener('submit', event => event.preventDefault());
    actions.append(form, outcome);
  }
  return h('tr', {class: 'alert-row', dataset: {alert: a.alert, state: a.shownState}},
      h('td', {}, h('a', {href: ctx.link('monitoring', [a.environment, a.service])}, a.alert)),
      h('td', {}, a.kind), h('td', {}, a.feature), h('td', {}, a.statistic),
      h('td', {}, fmt(a.value)), h('td', {}, fmt(a.threshold) + (a.validation != null ? ` (validation ${fmt(a.validation)})` : '')),
      h('td', {}, `${when(a.windowStart)} – ${when(a.windowEnd)}`),
      h('td', {class: 'alert-state'}, badge(a.shownState, kind)),
      h('td', {}, history.join('; ')),
      actions);
}

function fmt(value) {
  return value == null ? '' : Number(value).toPrecision(4).replace(/\.?0+$/, '');
}
