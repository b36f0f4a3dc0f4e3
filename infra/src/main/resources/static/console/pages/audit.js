// Audit: the trail a page at a time, filtered by actor, type and time; verify the seal chain; export the trail.

import {download, gql} from '../api.js';
import {badge, errorBox, formValues, h, json, mount, table, when} from '../dom.js';

const PAGE = 50;

const TRAIL = `query($from: DateTime, $to: DateTime, $actor: String, $types: [String!], $after: String, $first: Int) {
  auditTrail(from: $from, to: $to, actor: $actor, types: $types, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { position eventId stream sequence type recordedAt eventTime actor sourceSystem correlationId causationId }
  }
}`;

const VERIFY = `{ verify { ok from to head sealedThrough events gaps unsealed checkpoints problemCount tookMillis eventsPerSecond keyId
  firstProblem { kind position stream sequence detail } latestCheckpoint { lastPosition merkleRoot } } }`;

const EVENT = `query($stream: String!, $after: Long) {
  history(stream: $stream, afterSequence: $after, first: 1) { position type payload metadata }
}`;

/** A filter field's value as an instant, if it is one; datetime-local inputs are read as UTC. */
function instant(value) {
  if (!value) return null;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : value + 'Z');
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

export async function render(el, ctx) {
  const p = Object.fromEntries(ctx.params);
  const form = h('form', {class: 'filters', id: 'audit-filters'},
      h('label', {}, h('span', {}, 'Actor'), h('input', {name: 'actor', value: p.actor, size: 14})),
      h('label', {}, h('span', {}, 'Types'), h('input', {name: 'types', value: p.types, size: 30,
        placeholder: 'ModelVersionDeployed, DeploymentRolledBack'})),
      h('label', {}, h('span', {}, 'From (UTC)'), h('input', {name: 'from', type: 'datetime-local', step: 1,
        value: p.from ? p.from.slice(0, 19) : ''})),
      h('label', {}, h('span', {}, 'To (UTC)'), h('input', {name: 'to', type: 'datetime-local', step: 1,
        value: p.to ? p.to.slice(0, 19) : ''})),
      h('button', {type: 'submit'}, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(form);
    ctx.update({actor: v.actor, types: v.types, from: instant(v.from), to: instant(v.to)});
  });
  const types = (p.types ?? '').split(',').map(t => t.trim()).filter(Boolean);
  // As of an instant, the trail ends there: what had been recorded by then.
  const to = [instant(p.to), ctx.asOf].filter(Boolean).sort()[0] ?? null;
  const from = instant(p.from);

  const verifyResult = h('div', {id: 'verify-result'});
  const verifyButton = h('button', {type: 'button', id: 'verify'}, 'Verify the whole log');
  verifyButton.addEventListener('click', () => verify(verifyButton, verifyResult));

  const exportStatus = h('span', {id: 'export-status'});
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (p.actor) query.set('actor', p.actor);
  if (types.length) query.set('types', types.join(','));
  const exportLink = (format, label) => {
    const q = new URLSearchParams(query);
    q.set('format', format);
    const href = '/api/v1/audit/export?' + q;
    return h('a', {href, class: 'export', id: 'export-' + format, onclick: async event => {
      // A plain link cannot carry the bearer token: fetch it, then hand the browser the file.
      event.preventDefault();
      mount(exportStatus, 'Exporting…');
      try {
        const size = await download(href, 'custody-audit.' + format);
        mount(exportStatus, `custody-audit.${format}: ${size.toLocaleString('en')} bytes`);
      } catch (error) {
        mount(exportStatus, errorBox(error));
      }
    }}, label);
  };

  const trail = h('div', {id: 'trail'});
  mount(el, h('h1', {}, 'Audit'),
      h('div', {class: 'audit-actions'},
          h('div', {}, verifyButton, verifyResult),
          h('div', {}, h('strong', {}, 'Export this trail: '), exportLink('jsonl', 'JSON Lines'), ' · ',
              exportLink('csv', 'CSV'), ' ', exportStatus)),
      form, trail);

  const data = await gql(TRAIL, {from, to, actor: p.actor || null, types: types.length ? types : null,
    after: p.after || null, first: PAGE});
  if (ctx.stale()) return;
  const page = data.auditTrail;
  const detail = h('div', {id: 'event-detail'});
  const rows = page.nodes.map(e => {
    const row = h('tr', {class: 'trail-row', dataset: {position: e.position, type: e.type}},
        h('td', {}, String(e.position)), h('td', {}, when(e.recordedAt)), h('td', {}, e.type),
        h('td', {}, e.stream ?? ''), h('td', {}, e.sequence ?? ''), h('td', {}, e.actor ?? ''),
        h('td', {}, e.sourceSystem ?? ''), h('td', {}, e.eventTime ? when(e.eventTime) : ''));
    if (e.stream && e.sequence != null) {
      row.addEventListener('click', () => showEvent(detail, e));
      row.classList.add('clickable');
    }
    return row;
  });
  const here = Object.fromEntries(ctx.params);
  mount(trail,
      table(['Position', 'Recorded', 'Type', 'Stream', 'Seq', 'Actor', 'Source', 'Event time'], rows, {id: 'trail-table'}),
      h('div', {class: 'pager'}, h('span', {}, `${page.nodes.length} events shown, oldest first`
          + (ctx.asOf ? `, recorded before ${when(ctx.asOf)}` : '')),
      p.after ? h('a', {href: ctx.link('audit', [], {...here, after: null}), class: 'first-page'}, 'First page') : null,
      page.pageInfo.hasNextPage ? h('a', {href: ctx.link('audit', [], {...here, after: page.pageInfo.endCursor}),
        class: 'next-page'}, 'Next page') : null),
      detail);
}

async function verify(button, el) {
  button.disabled = true;
  mount(el, 'Verifying…');
  try {
    const v = (await gql(VERIFY)).verify;
    mount(el, h('div', {class: 'live-card ' + (v.ok ? 'live' : 'not-live')},
        h('strong', {}, v.ok ? 'Nothing was altered or removed.' : `${v.problemCount} problem(s) found.`),
        h('p', {}, `Positions ${v.from}–${v.to}: ${v.events} events and ${v.gaps} gaps verified in ${v.tookMillis} ms`
            + ` (${Math.round(v.eventsPerSecond).toLocaleString('en')}/s), ${v.checkpoints} checkpoints; `
            + `${v.unsealed} not sealed yet (sealed through ${v.sealedThrough}, head ${v.head}). Key ${v.keyId}.`),
        v.latestCheckpoint ? h('p', {}, `Latest checkpoint through ${v.latestCheckpoint.lastPosition}, Merkle root `,
            h('code', {}, v.latestCheckpoint.merkleRoot)) : null,
        v.firstProblem ? h('p', {class: 'danger'}, `First problem: ${v.firstProblem.kind} at position `
            + `${v.firstProblem.position} (${v.firstProblem.stream ?? '?'} #${v.firstProblem.sequence ?? '?'}): ${v.firstProblem.detail}`) : null));
  } catch (error) {
    mount(el, errorBox(error));
  } finally {
    button.disabled = false;
  }
}

async function showEvent(el, e) {
  mount(el, 'Loading event ' + e.position + '…');
  try {
    const events = (await gql(EVENT, {stream: e.stream, after: e.sequence > 0 ? e.sequence - 1 : null})).history;
    const event = events.find(x => x.position === e.position) ?? events[0];
    mount(el, h('h3', {}, `${e.type} at position ${e.position}`),
        e.correlationId ? h('p', {}, 'correlation ', h('code', {}, e.correlationId), e.causationId
            ? [' · caused by ', h('code', {}, e.causationId)] : null) : null,
        event ? json(event.payload) : badge('not found', 'muted'));
  } catch (error) {
    mount(el, errorBox(error));
  }
}
