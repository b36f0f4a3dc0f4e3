// Model version: its chain of custody as one timeline, from the data and the code to every deployment stint,
// with the run's metrics plotted.

import {gql} from '../api.js';
import {liveCard, liveness, modelVersionNode, STINT_FIELDS} from '../components.js';
import {badge, digest, h, json, mount, when} from '../dom.js';
import {metricPlot} from '../plots.js';

const VERSION = `query($m: String!, $v: Int!, $asOf: DateTime) {
  modelVersion(model: $m, version: $v, asOf: $asOf) {
    model version artifactUri artifactDigest inputSignature description aliases live archived archivedReason
    archivedAt archivedBy registeredAt registeredBy recordedAt atRisk atRiskReasons
    modelInfo { owner domain riskTier versionCount }
    run { id experiment status startedBy startedAt recordedBy endedAt endedBy failureReason hyperparameters
          environment { image packages }
          code { repository commit dirty }
          inputs { dataset version digest
                   datasetVersion { location rowCount tags quarantined quarantineReason quarantinedAt quarantinedBy
                                    registeredAt registeredBy } }
          metrics { name value step timestamp } }
    validations(first: 100) { nodes { passed validatedBy validatedAt recordedBy metrics checks { name passed detail } } }
    approvals(first: 100) { nodes { approver role comment approvedAt recordedBy } }
    decisions { position command environment service actor outcome policy policyVersion recordedAt
                rules { rule requirement outcome reason } }
  }
}`;

const METRICS = `query($run: String!, $asOf: DateTime) {
  run(id: $run, asOf: $asOf) { metricHistory(first: 500) { totalCount nodes { name value step } } }
}`;

export async function render(el, ctx) {
  const [model, versionText] = ctx.segments;
  const version = Number(versionText);
  const [data, live] = await Promise.all([gql(VERSION, {m: model, v: version, asOf: ctx.asOf}),
    liveness(model, version, ctx.asOf)]);
  if (ctx.stale()) return;
  const mv = data.modelVersion;
  if (!mv) {
    mount(el, h('h1', {}, `${model} #${version}`), liveCard(model, version, null, ctx.asOf));
    return;
  }
  const info = mv.modelInfo ?? {};
  const facts = h('dl', {class: 'facts', id: 'version-facts'},
      fact('Team', info.owner), fact('Domain', info.domain), fact('Risk tier', info.riskTier),
      fact('Artifact', h('span', {}, mv.artifactUri ?? '', ' ', digest(mv.artifactDigest))),
      fact('Aliases', mv.aliases.join(', ')),
      fact('Registered', `${when(mv.registeredAt)} by ${mv.registeredBy ?? 'unknown'}`),
      mv.archived ? fact('Archived', `${when(mv.archivedAt)} by ${mv.archivedBy}: ${mv.archivedReason ?? ''}`) : null);
  // atRisk walks the lineage as it is now, whatever the instant: said so rather than shown as of then.
  const riskLabel = ctx.asOf ? 'at risk now' : 'at risk';
  const risk = mv.atRisk ? h('div', {class: 'at-risk-box', id: 'at-risk'},
      h('strong', {}, ctx.asOf ? 'At risk now (the lineage as it is today, not as of the instant): ' : 'At risk: '),
      h('ul', {}, mv.atRiskReasons.map(r => h('li', {}, r)))) : null;
  const plot = h('div', {class: 'plot', id: 'metric-plot'});
  mount(el,
      h('h1', {}, `${mv.model} #${mv.version}`, ' ', mv.live ? badge('live', 'live') : badge('not live', 'muted'),
          mv.atRisk ? badge(riskLabel, 'danger') : null),
      liveCard(model, version, live, ctx.asOf),
      risk, facts,
      h('p', {class: 'links'},
          h('a', {href: ctx.link('lineage', [], {node: modelVersionNode(mv.model, mv.version), direction: 'UPSTREAM',
            depth: 4}), id: 'lineage-link'}, 'Lineage of this version'),
          mv.modelInfo && mv.modelInfo.versionCount > 1 ? h('span', {class: 'siblings'}, ' · Other versions: ',
              siblings(ctx, mv.model, mv.version, mv.modelInfo.versionCount)) : null),
      h('h2', {}, 'Chain of custody'),
      h('ol', {class: 'timeline', id: 'timeline'}, timeline(ctx, mv, live).map(entry)),
      mv.run ? h('h2', {}, 'Run metrics') : null, mv.run ? plot : null);
  if (mv.run) {
    const history = (await gql(METRICS, {run: mv.run.id, asOf: ctx.asOf})).run?.metricHistory;
    if (!ctx.stale() && history) metricPlot(plot, history.nodes, history.totalCount);
  }
}

function fact(name, value) {
  return value === undefined || value === null || value === '' ? null : [h('dt', {}, name), h('dd', {}, value)];
}

/** Links to the neighbouring versions (a model may have thousands: only the nearest ones). */
function siblings(ctx, model, version, count) {
  const numbers = [1, version - 1, version + 1, count].filter((n, i, all) => n >= 1 && n <= count && n !== version
      && all.indexOf(n) === i).sort((a, b) => a - b);
  return numbers.flatMap((n, i) => [i ? ' ' : null, h('a', {href: ctx.link('model', [model, n]), class: 'sibling'}, '#' + n)]);
}

/** Every recorded step of the version's life, oldest first. */
function timeline(ctx, mv, live) {
  const items = [];
  const run = mv.run;
  if (run) {
    for (const input of run.inputs) {
      const dv = input.datasetVersion;
      items.push({at: dv?.registeredAt ?? run.startedAt, kind: 'data', title: `Data: ${input.dataset}@${input.version}`,
        body: [digest(input.digest), dv?.rowCount != null ? ` ${dv.rowCount} rows` : '',
          dv?.registeredBy ? `, registered by ${dv.registeredBy}` : '',
          dv?.quarantined ? h('div', {class: 'danger'}, `Quarantined ${when(dv.quarantinedAt)} by ${dv.quarantinedBy}: `
              + (dv.quarantineReason ?? '')) : null,
          ' ', h('a', {href: ctx.link('lineage', [], {node: `datasetVersion:${input.dataset}@${input.version}`})},
              'lineage')],
        status: dv?.quarantined ? 'bad' : null});
    }
    if (run.code) {
      items.push({at: run.startedAt, kind: 'code', title: 'Code: ' + (run.code.repository ?? 'unknown repository'),
        body: [h('code', {class: 'commit'}, run.code.commit ?? 'no commit'),
          run.code.dirty ? badge('dirty working tree', 'danger') : badge('clean', 'ok')],
        status: run.code.dirty ? 'bad' : null});
    }
    items.push({at: run.startedAt, kind: 'run', title: `Run ${run.id} started by ${run.startedBy ?? 'unknown'}`,
      body: [run.experiment ? `experiment ${run.experiment}` : '', run.environment?.image ? h('div', {},
          'image ', h('code', {}, run.environment.image)) : null,
        Object.keys(run.hyperparameters ?? {}).length ? h('details', {}, h('summary', {}, 'hyperparameters'),
            json(run.hyperparameters)) : null]});
    if (run.endedAt) {
      items.push({at: run.endedAt, kind: 'run', title: `Run ${run.id} ${run.status.toLowerCase()}`
          + (run.endedBy ? ` (recorded by ${run.endedBy})` : ''),
        body: [run.failureReason ?? '', run.metrics.length ? h('div', {class: 'metrics'},
            run.metrics.map(m => badge(`${m.name} = ${m.value} @${m.step}`, 'muted'))) : null],
        status: run.status === 'FAILED' ? 'bad' : null});
    }
  }
  items.push({at: mv.registeredAt, kind: 'model', title: `Registered as ${mv.model} #${mv.version} by ${mv.registeredBy ?? 'unknown'}`,
    body: [mv.description ?? '', ' ', digest(mv.artifactDigest)]});
  for (const v of mv.validations.nodes) {
    items.push({at: v.validatedAt, kind: 'validation', title: `Validation ${v.passed ? 'passed' : 'failed'}, by ${v.validatedBy ?? v.recordedBy}`,
      body: [h('ul', {}, v.checks.map(c => h('li', {}, (c.passed ? '✓ ' : '✗ ') + c.name + (c.detail ? ': ' + c.detail : '')))),
        Object.keys(v.metrics ?? {}).length ? h('div', {class: 'metrics'}, Object.entries(v.metrics).map(([k, x]) =>
            badge(`${k} = ${x}`, 'muted'))) : null],
      status: v.passed ? 'good' : 'bad'});
  }
  for (const a of mv.approvals.nodes) {
    items.push({at: a.approvedAt, kind: 'approval', title: `Approved by ${a.approver ?? a.recordedBy}` + (a.role ? ` as ${a.role}` : ''),
      body: [a.comment ? `“${a.comment}”` : ''], status: 'good'});
  }
  for (const d of mv.decisions) {
    const where = d.environment ? ` into ${d.environment}/${d.service}` : '';
    items.push({at: d.recordedAt, kind: 'decision',
      title: `Policy ${d.policy}/${d.policyVersion} ${d.outcome === 'REFUSED' ? 'refused' : 'allowed'} ${d.command.toLowerCase().replaceAll('_', ' ')}${where}`
          + (d.actor ? ` by ${d.actor}` : ''),
      body: [h('ul', {}, d.rules.map(r => h('li', {class: r.outcome === 'REFUSED' ? 'danger' : null},
          `${r.outcome === 'REFUSED' ? '✗' : '✓'} ${r.requirement}: ${r.reason}`)))],
      status: d.outcome === 'REFUSED' ? 'bad' : 'good'});
  }
  for (const s of live?.stints ?? []) {
    const role = s.canary ? `canary (${Math.round(s.share * 100)}%)` : 'primary';
    items.push({at: s.from, kind: 'deployment',
      title: `${s.startReason === 'ROLLBACK' ? 'Rolled back to' : 'Deployed'} on ${s.environment}/${s.service} as ${role} by ${s.deployedBy ?? 'unknown'}`,
      body: [s.policyVersion ? `under policy ${s.policyVersion}` : '', s.live ? [' ', badge('live', 'live')] : null],
      status: s.live ? 'good' : null});
    if (s.to) {
      items.push({at: s.to, kind: 'deployment',
        title: `Stint on ${s.environment}/${s.service} ended: ${s.endReason.toLowerCase().replaceAll('_', ' ')}`
            + (s.endNote ? ` ${s.endNote}` : '') + (s.endedBy ? `, by ${s.endedBy}` : ''), body: []});
    }
  }
  // Stable: items of the same instant keep the order of the chain (data, code, run, model, ...).
  return items.map((item, i) => ({...item, i})).sort((a, b) => a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i);
}

function entry(item) {
  return h('li', {class: `entry ${item.kind} ${item.status ?? ''}`, dataset: {kind: item.kind}},
      h('time', {datetime: item.at}, when(item.at)),
      h('span', {class: 'kind'}, item.kind),
      h('div', {class: 'what'}, h('strong', {class: 'title'}, item.title), h('div', {class: 'body'}, item.body)));
}
