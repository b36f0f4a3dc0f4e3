// Lineage: the graph around any node as a picture (Cytoscape.js), upstream and downstream; for a quarantined
// dataset version, what it puts at risk highlighted, with the paths.

import cytoscape from '../vendor/cytoscape.esm.min.js';
import {gql} from '../api.js';
import {badge, formValues, h, mount, table, when} from '../dom.js';

const LINEAGE = `query($node: String!, $direction: LineageDirection, $depth: Int, $asOf: DateTime) {
  lineage(node: $node, direction: $direction, depth: $depth, asOf: $asOf) {
    root nodes { id kind name state quarantined quarantineReason quarantinedAt firstRecordedAt }
    edges { from to kind validFrom validTo recordedAt }
  }
}`;

const IMPACT = `query($dataset: String!, $version: String!) {
  impact(dataset: $dataset, version: $version) {
    reachedCount root { id name quarantined quarantineReason }
    runs { node { id kind name } depth path }
    modelVersions { node { id kind name } depth path }
    liveDeployments { node { id kind name } depth path }
    datasetVersions { node { id kind name } depth path }
  }
}`;

const SHAPES = {DATASET: 'round-rectangle', DATASET_VERSION: 'round-rectangle', JOB: 'diamond', JOB_RUN: 'ellipse',
  RUN: 'ellipse', COMMIT: 'tag', MODEL_VERSION: 'hexagon', DEPLOYMENT: 'star'};
const COLOURS = {DATASET: '#94a3b8', DATASET_VERSION: '#60a5fa', JOB: '#a3a3a3', JOB_RUN: '#c4b5fd', RUN: '#a78bfa',
  COMMIT: '#fbbf24', MODEL_VERSION: '#34d399', DEPLOYMENT: '#f472b6'};

/** The dataset and version of a dataset version's node id, datasetVersion:<dataset>@<version>. */
function datasetVersionOf(node) {
  if (!node.startsWith('datasetVersion:')) return null;
  const key = node.slice('datasetVersion:'.length);
  const at = key.lastIndexOf('@');
  return at < 0 ? null : {dataset: key.slice(0, at), version: key.slice(at + 1)};
}

export async function render(el, ctx) {
  const p = Object.fromEntries(ctx.params);
  const direction = p.direction ?? 'BOTH';
  const form = h('form', {class: 'filters', id: 'lineage-form'},
      h('label', {}, h('span', {}, 'Node'), h('input', {name: 'node', value: p.node, size: 48,
        placeholder: 'datasetVersion:lending/applications@v3, modelVersion:credit-risk#17, deployment:production/credit-api'})),
      h('label', {}, h('span', {}, 'Direction'), h('select', {name: 'direction'}, ['BOTH', 'UPSTREAM', 'DOWNSTREAM'].map(d =>
          h('option', {value: d, selected: d === direction}, d.toLowerCase())))),
      h('label', {}, h('span', {}, 'Depth'), h('input', {name: 'depth', type: 'number', min: 1, max: 20, value: p.depth ?? 3, size: 3})),
      h('button', {type: 'submit'}, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(form);
    ctx.update({node: v.node, direction: v.direction, depth: v.depth});
  });
  mount(el, h('h1', {}, 'Lineage'), form);
  if (!p.node) {
    el.append(h('p', {class: 'hint'}, 'Name a node by its typed id: a dataset version, a run, a model version, a '
        + 'deployment, a commit or an OpenLineage job. Model version and prediction pages link here.'));
    return;
  }
  // The impact of a quarantined dataset version: asked first, so the walk goes as deep as the impact reaches.
  const dv = datasetVersionOf(p.node);
  const impact = dv ? (await gql(IMPACT, dv)).impact : null;
  const quarantined = impact?.root?.quarantined;
  const impacted = quarantined ? [...impact.runs, ...impact.modelVersions, ...impact.liveDeployments, ...impact.datasetVersions] : [];
  let depth = Math.min(20, Math.max(1, Number(p.depth ?? 3)));
  if (impacted.length) depth = Math.max(depth, Math.min(20, Math.max(...impacted.map(i => i.depth))));
  const graph = (await gql(LINEAGE, {node: p.node, direction, depth, asOf: ctx.asOf})).lineage;
  if (ctx.stale()) return;
  if (!graph) {
    el.append(h('div', {class: 'live-card unknown', id: 'no-node'}, `Custody knows no lineage node ${p.node}.`));
    return;
  }
  const canvas = h('div', {class: 'graph', id: 'graph'});
  const side = h('aside', {class: 'node-detail', id: 'node-detail'},
      h('p', {class: 'hint'}, 'Click a node for its details.'));
  el.append(h('p', {id: 'graph-summary'}, `${graph.nodes.length} nodes, ${graph.edges.length} edges around `,
      h('code', {}, graph.root), `, ${direction.toLowerCase()}, depth ${depth}`
      + (ctx.asOf ? `, edges that held at ${when(ctx.asOf)}` : '') + '.'),
      legend(), h('div', {class: 'graph-row'}, canvas, side));
  if (quarantined) el.append(impactPanel(ctx, impact, impacted));

  const live = new Set(quarantined ? impact.liveDeployments.map(i => i.node.id) : []);
  const hit = new Set(impacted.map(i => i.node.id));
  const pathEdges = new Set();
  for (const i of impacted) {
    for (let k = 1; k < i.path.length; k++) pathEdges.add(i.path[k - 1] + '→' + i.path[k]);
  }
  const known = new Set(graph.nodes.map(n => n.id));
  const elements = graph.nodes.map(n => ({group: 'nodes', data: {id: n.id, label: n.name, kind: n.kind, node: n},
    classes: [n.id === graph.root ? 'root' : '', n.quarantined ? 'quarantined' : '', hit.has(n.id) ? 'impacted' : '',
      live.has(n.id) ? 'impacted-live' : ''].join(' ')}));
  graph.edges.forEach((e, i) => {
    if (!known.has(e.from) || !known.has(e.to)) return;
    elements.push({group: 'edges', data: {id: 'e' + i, source: e.from, target: e.to, label: e.kind.toLowerCase()},
      classes: [pathEdges.has(e.from + '→' + e.to) ? 'path' : '', e.validTo ? 'ended' : ''].join(' ')});
  });
  const cy = cytoscape({
    container: canvas,
    elements,
    layout: {name: 'breadthfirst', directed: true, spacingFactor: 1.05, padding: 20},
    wheelSensitivity: 0.3,
    style: [
      {selector: 'node', style: {label: 'data(label)', 'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': 150,
        'text-valign': 'bottom', 'text-margin-y': 4, width: 26, height: 26, 'border-width': 1, 'border-color': '#475569',
        'background-color': n => COLOURS[n.data('kind')] ?? '#cbd5e1', shape: n => SHAPES[n.data('kind')] ?? 'ellipse'}},
      {selector: 'edge', style: {width: 1.5, 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 7, color: '#64748b'}},
      {selector: 'edge.ended', style: {'line-style': 'dashed'}},
      {selector: 'node.root', style: {'border-width': 3, 'border-color': '#0f172a'}},
      {selector: 'node.impacted', style: {'background-color': '#f59e0b', 'border-width': 3, 'border-color': '#b45309'}},
      {selector: 'node.impacted-live', style: {'background-color': '#ef4444', 'border-color': '#7f1d1d', width: 34, height: 34}},
      {selector: 'node.quarantined', style: {'background-color': '#7f1d1d', 'border-color': '#450a0a', color: '#7f1d1d'}},
      {selector: 'edge.path', style: {width: 3.5, 'line-color': '#ea580c', 'target-arrow-color': '#ea580c'}},
      {selector: 'node:selected', style: {'overlay-color': '#2563eb', 'overlay-opacity': 0.25}},
    ],
  });
  cy.on('tap', 'node', event => showNode(ctx, side, event.target.data('node')));
  // For the browser tests and for whoever opens the developer tools: the graph as drawn.
  window.custodyGraph = cy;
  canvas.dataset.nodes = String(cy.nodes().length);
  canvas.dataset.impacted = cy.nodes('.impacted').map(n => n.id()).join(' ');
}

function legend() {
  return h('div', {class: 'legend'}, Object.keys(COLOURS).map(kind =>
      h('span', {}, h('i', {style: `background:${COLOURS[kind]}`}), kind.toLowerCase().replace('_', ' '))),
      h('span', {}, h('i', {style: 'background:#7f1d1d'}), 'quarantined'),
      h('span', {}, h('i', {style: 'background:#f59e0b'}), 'at risk'),
      h('span', {}, h('i', {style: 'background:#ef4444'}), 'live deployment at risk'));
}

function showNode(ctx, side, n) {
  const links = [h('a', {href: ctx.link('lineage', [], {node: n.id, direction: 'BOTH', depth: 3})}, 'Centre the graph here')];
  if (n.kind === 'MODEL_VERSION') {
    const key = n.id.slice('modelVersion:'.length);
    const at = key.lastIndexOf('#');
    links.push(h('a', {href: ctx.link('model', [key.slice(0, at), key.slice(at + 1)])}, 'Chain of custody'));
  }
  if (n.kind === 'DATASET_VERSION') {
    links.push(h('a', {href: ctx.link('lineage', [], {node: n.id, direction: 'DOWNSTREAM', depth: 6})}, 'What descends from it'));
  }
  mount(side, h('h3', {}, n.name), h('p', {}, badge(n.kind.toLowerCase().replace('_', ' '), 'muted'),
      n.quarantined ? [' ', badge('quarantined', 'danger')] : null, n.state ? [' ', badge(n.state, 'muted')] : null),
      n.quarantineReason ? h('p', {class: 'danger'}, `Quarantined ${when(n.quarantinedAt)}: ${n.quarantineReason}`) : null,
      h('p', {}, h('code', {}, n.id)), n.firstRecordedAt ? h('p', {}, 'first recorded ' + when(n.firstRecordedAt)) : null,
      h('ul', {}, links.map(a => h('li', {}, a))));
}

function impactPanel(ctx, impact, impacted) {
  const rows = impacted.map(i => h('tr', {
    class: 'impacted-item' + (impact.liveDeployments.includes(i) ? ' live' : ''), dataset: {node: i.node.id}},
  h('td', {}, i.node.kind.toLowerCase().replace('_', ' ')),
  h('td', {}, i.node.kind === 'MODEL_VERSION' ? modelLink(ctx, i.node) : i.node.name),
  h('td', {}, String(i.depth)),
  h('td', {class: 'path'}, i.path.join(' → '))));
  return h('section', {id: 'impact'}, h('h2', {}, 'Impact of the quarantine'),
      h('p', {class: 'danger'}, `${impact.root.name} is quarantined: ${impact.root.quarantineReason ?? ''}`),
      h('p', {id: 'impact-summary'}, `${impact.runs.length} runs, ${impact.modelVersions.length} model versions and `,
          h('strong', {}, `${impact.liveDeployments.length} live deployments`), ` descend from it (${impact.reachedCount} nodes reached).`
          + (ctx.asOf ? ' The impact is the lineage as it is now.' : '')),
      table(['Kind', 'Node', 'Depth', 'Path'], rows, {id: 'impact-table'}));
}

function modelLink(ctx, node) {
  const key = node.id.slice('modelVersion:'.length);
  const at = key.lastIndexOf('#');
  return h('a', {href: ctx.link('model', [key.slice(0, at), key.slice(at + 1)])}, node.name);
}
