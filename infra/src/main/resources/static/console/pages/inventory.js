// Inventory: models and deployments, a page at a time, filtered by team, domain, environment, live and at
// risk, with search; and "is this version still live?" answered in place.

import {gql} from '../api.js';
import {liveCard, liveness, pager} from '../components.js';
import {badge, errorBox, formValues, h, mount, table, when} from '../dom.js';

const PAGE = 20;

const LISTS = `query($owner: String, $domain: String, $env: String, $live: Boolean, $asOf: DateTime,
                    $mAfter: String, $dAfter: String, $first: Int) {
  models(first: $first, after: $mAfter, owner: $owner, domain: $domain, asOf: $asOf) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { name owner domain riskTier versionCount aliases { alias version }
            versions(first: 3) { nodes { version live archived atRisk } } }
  }
  deployments(first: $first, after: $dAfter, environment: $env, liveOnly: $live, asOf: $asOf) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { key environment service live lastChangedAt
            primary { model version from deployedBy }
            canaries { model version share from deployedBy } }
  }
  facets: search(first: 0, filters: {asOf: $asOf}) { facets { field buckets { value count } } }
}`;

const SEARCH = `query($text: String, $filters: SearchFilters) {
  search(text: $text, types: [MODEL, MODEL_VERSION, DEPLOYMENT], filters: $filters, first: 50) {
    total hits { type key title owner domain environment live tags }
    facets { field buckets { value count } }
  }
}`;

const QUARANTINED = `query($text: String, $asOf: DateTime) {
  search(text: $text, types: [DATASET_VERSION], filters: {quarantined: true, asOf: $asOf}, first: 20) { total hits { key } }
}`;

export async function render(el, ctx) {
  const p = Object.fromEntries(ctx.params);
  const filters = h('form', {class: 'filters', id: 'inventory-filters'},
      field('Search', h('input', {name: 'q', value: p.q, placeholder: 'names, descriptions, tags', size: 24})),
      field('Team', h('input', {name: 'team', value: p.team, list: 'facet-owner', size: 12})),
      field('Domain', h('input', {name: 'domain', value: p.domain, list: 'facet-domain', size: 10})),
      field('Environment', h('input', {name: 'env', value: p.env, list: 'facet-environment', size: 10})),
      h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'live', checked: p.live === 'true'}), 'Live only'),
      h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'risk', checked: p.risk === 'true'}), 'At risk'),
      h('button', {type: 'submit'}, 'Apply'));
  filters.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(filters);
    ctx.update({q: v.q, team: v.team, domain: v.domain, env: v.env, live: v.live, risk: v.risk});
  });

  const ask = h('form', {class: 'ask', id: 'ask-live'},
      h('span', {}, 'Is '),
      h('input', {name: 'model', value: p.model, placeholder: 'credit-risk', size: 22, 'aria-label': 'model'}),
      h('span', {}, ' #'),
      h('input', {name: 'version', value: p.version, type: 'number', min: 1, size: 4, 'aria-label': 'version'}),
      h('span', {}, ' still live? '),
      h('button', {type: 'submit'}, 'Ask'));
  ask.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(ask);
    ctx.update({...p, model: v.model, version: v.version});
  });
  const answer = h('div', {id: 'ask-answer'});
  const results = h('div', {id: 'inventory-results'});
  mount(el, h('h1', {}, 'Inventory'), ask, answer, filters, results);

  const pending = [];
  if (p.model && p.version) pending.push(askLive(answer, ctx, p.model, Number(p.version)));
  if (p.risk === 'true') pending.push(atRisk(results, ctx, p));
  else if (p.q) pending.push(searchResults(results, ctx, p));
  else pending.push(lists(results, ctx, p, filters));
  await Promise.all(pending);
}

function field(label, input) {
  return h('label', {}, h('span', {}, label), input);
}

async function askLive(el, ctx, model, version) {
  try {
    const answer = await liveness(model, version, ctx.asOf);
    mount(el, liveCard(model, version, answer, ctx.asOf),
        answer ? h('a', {href: ctx.link('model', [model, version]), id: 'ask-timeline'}, 'The chain of custody of '
            + model + ' #' + version) : null);
  } catch (error) {
    mount(el, errorBox(error));
  }
}

async function lists(el, ctx, p, filters) {
  const data = await gql(LISTS, {owner: p.team || null, domain: p.domain || null, env: p.env || null,
    live: p.live === 'true', asOf: ctx.asOf, mAfter: p.mAfter || null, dAfter: p.dAfter || null, first: PAGE});
  if (ctx.stale()) return;
  // The facet counts of the whole inventory suggest values for the filters.
  for (const facet of data.facets.facets) {
    filters.append(h('datalist', {id: 'facet-' + facet.field}, facet.buckets.map(b =>
        h('option', {value: b.value}, `${b.value} (${b.count})`))));
  }
  const models = data.models;
  const modelRows = models.nodes.map(m => h('tr', {class: 'model-row', dataset: {model: m.name}},
      h('td', {}, m.versions.nodes.length
          ? h('a', {href: ctx.link('model', [m.name, m.versions.nodes[0].version])}, m.name) : m.name),
      h('td', {}, m.owner), h('td', {}, m.domain ?? ''), h('td', {}, m.riskTier ?? ''),
      h('td', {}, String(m.versionCount)),
      h('td', {}, m.versions.nodes.map(v => h('a', {href: ctx.link('model', [m.name, v.version]),
        class: 'version-chip' + (v.live ? ' live' : '') + (v.atRisk ? ' at-risk' : ''),
        title: [v.live ? 'live' : 'not live', v.atRisk ? 'at risk' : null, v.archived ? 'archived' : null]
            .filter(Boolean).join(', ')}, '#' + v.version))),
      h('td', {}, m.aliases.map(a => badge(`${a.alias} → #${a.version}`, 'muted')))));
  const deployments = data.deployments;
  const deploymentRows = deployments.nodes.map(d => h('tr', {class: 'deployment-row', dataset: {key: d.key}},
      h('td', {}, d.key),
      h('td', {}, d.live ? badge('live', 'live') : badge('not live', 'muted')),
      h('td', {}, d.primary ? h('a', {href: ctx.link('model', [d.primary.model, d.primary.version])},
          `${d.primary.model} #${d.primary.version}`) : ''),
      h('td', {}, d.primary ? when(d.primary.from) : ''),
      h('td', {}, d.primary?.deployedBy ?? ''),
      h('td', {}, d.canaries.map(c => h('a', {href: ctx.link('model', [c.model, c.version])},
          `${c.model} #${c.version} (${Math.round(c.share * 100)}%)`))),
      h('td', {}, when(d.lastChangedAt))));
  const here = Object.fromEntries(ctx.params);
  mount(el,
      h('section', {id: 'models'}, h('h2', {}, 'Models'),
          p.env || p.live === 'true' ? h('p', {class: 'hint'},
              'Environment and live filter the deployments; models are filtered by team and domain.') : null,
          table(['Model', 'Team', 'Domain', 'Risk tier', 'Versions', 'Newest versions', 'Aliases'], modelRows,
              {id: 'models-table'}),
          pager(models.pageInfo, models.totalCount, models.nodes.length,
              cursor => ctx.link('inventory', [], {...here, mAfter: cursor}),
              p.mAfter ? ctx.link('inventory', [], {...here, mAfter: null}) : null, 'models')),
      h('section', {id: 'deployments'}, h('h2', {}, 'Deployments'),
          table(['Deployment', 'Live', 'Primary', 'Since', 'Deployed by', 'Canaries', 'Last change'], deploymentRows,
              {id: 'deployments-table'}),
          pager(deployments.pageInfo, deployments.totalCount, deployments.nodes.length,
              cursor => ctx.link('inventory', [], {...here, dAfter: cursor}),
              p.dAfter ? ctx.link('inventory', [], {...here, dAfter: null}) : null, 'deployments')));
}

async function searchResults(el, ctx, p) {
  const filters = {asOf: ctx.asOf, owner: p.team || null, domain: p.domain || null, environment: p.env || null};
  if (p.live === 'true') filters.live = true;
  const data = await gql(SEARCH, {text: p.q, filters});
  if (ctx.stale()) return;
  const here = Object.fromEntries(ctx.params);
  const rows = data.search.hits.map(hit => h('tr', {class: 'hit-row'},
      h('td', {}, hit.type), h('td', {}, hitLink(ctx, hit)), h('td', {}, hit.owner ?? ''), h('td', {}, hit.domain ?? ''),
      h('td', {}, hit.environment ?? ''), h('td', {}, hit.live == null ? '' : hit.live ? badge('live', 'live') : 'no'),
      h('td', {}, hit.tags.join(', '))));
  const facetNames = {owner: 'team', domain: 'domain', environment: 'env'};
  mount(el, h('section', {id: 'search'}, h('h2', {}, 'Search'),
      h('p', {id: 'search-total'}, `${data.search.total} matches` + (data.search.total > rows.length
          ? `; the ${rows.length} best are shown, refine the search or the filters for the rest.` : '.')),
      h('div', {class: 'facets'}, data.search.facets.filter(f => facetNames[f.field]).map(f =>
          h('div', {}, h('strong', {}, facetNames[f.field] + ': '), f.buckets.map(b =>
              h('a', {href: ctx.link('inventory', [], {...here, [facetNames[f.field]]: b.value}), class: 'facet'},
                  `${b.value} (${b.count})`))))),
      table(['Kind', 'Entity', 'Team', 'Domain', 'Environment', 'Live', 'Tags'], rows, {id: 'search-table'})));
}

function hitLink(ctx, hit) {
  if (hit.type === 'MODEL_VERSION') {
    const at = hit.key.lastIndexOf('#');
    return h('a', {href: ctx.link('model', [hit.key.slice(0, at), hit.key.slice(at + 1)])}, hit.title);
  }
  if (hit.type === 'MODEL') return h('a', {href: ctx.link('inventory', [], {model: hit.key})}, hit.title);
  if (hit.type === 'DEPLOYMENT') return h('a', {href: ctx.link('lineage', [], {node: 'deployment:' + hit.key})}, hit.title);
  return hit.title;
}

/**
 * At risk: the model versions that descend from a quarantined dataset version, found from the quarantines
 * (the 20 best matches of the search text, if any), each with the live deployments it puts at risk.
 */
async function atRisk(el, ctx, p) {
  const quarantined = (await gql(QUARANTINED, {text: p.q || null, asOf: ctx.asOf})).search;
  if (ctx.stale()) return;
  const versions = quarantined.hits.map(hit => {
    const at = hit.key.lastIndexOf('@');
    return {dataset: hit.key.slice(0, at), version: hit.key.slice(at + 1)};
  });
  let impacts = [];
  if (versions.length) {
    // One request: an aliased impact field per quarantined version (at most 20, under the alias limit).
    const declared = versions.map((_, i) => `$d${i}: String!, $v${i}: String!`).join(', ');
    const fields = versions.map((_, i) => `i${i}: impact(dataset: $d${i}, version: $v${i}) {
        root { id name quarantineReason } modelVersions { node { id name } path } liveDeployments { node { id name } path } }`)
        .join('\n');
    const variables = {};
    versions.forEach((v, i) => { variables['d' + i] = v.dataset; variables['v' + i] = v.version; });
    const data = await gql(`query(${declared}) { ${fields} }`, variables);
    impacts = versions.map((_, i) => data['i' + i]).filter(Boolean);
  }
  if (ctx.stale()) return;
  const rows = [];
  for (const impact of impacts) {
    for (const mv of impact.modelVersions) {
      const name = mv.node.name;
      const at = name.lastIndexOf('#');
      const live = impact.liveDeployments.filter(d => d.path.includes(mv.node.id)).map(d => d.node.name);
      rows.push(h('tr', {class: 'risk-row', dataset: {node: mv.node.id}},
          h('td', {}, h('a', {href: ctx.link('model', [name.slice(0, at), name.slice(at + 1)])}, name)),
          h('td', {}, h('a', {href: ctx.link('lineage', [], {node: impact.root.id})}, impact.root.name)),
          h('td', {}, impact.root.quarantineReason ?? ''),
          h('td', {}, live.length ? live.map(d => badge(d, 'live')) : 'none')));
    }
  }
  mount(el, h('section', {id: 'at-risk'}, h('h2', {}, 'At-risk model versions'),
      h('p', {class: 'hint'}, `${quarantined.total} quarantined dataset versions` + (quarantined.total > versions.length
          ? `; what the first ${versions.length} put at risk:` : '; what they put at risk:')
          + (ctx.asOf ? ' (the impact walk shows the lineage as it is now).' : '')),
      table(['Model version', 'Descends from', 'Quarantined because', 'Live deployments at risk'], rows,
          {id: 'at-risk-table'})));
}
