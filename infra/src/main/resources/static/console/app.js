// The console's shell: sign-in, the header (navigation, the time-travel picker), and a router that loads one
// page module per route. The whole view is in the URL (#/<page>/<segments>?<params>&asOf=<instant>), so a
// link shows an auditor the same view.

import {gql, session, whenUnauthorized} from './api.js';
import {errorBox, formValues, h, mount, when} from './dom.js';

/**
 * The pages, in navigation order. A page module exports render(el, ctx); `nav: false` pages are reached
 * through links only. A new page is one entry here and one module under pages/.
 */
export const pages = [
  {id: 'inventory', title: 'Inventory', load: () => import('./pages/inventory.js')},
  {id: 'model', title: 'Model version', nav: false, load: () => import('./pages/model-version.js')},
  {id: 'prediction', title: 'Prediction', load: () => import('./pages/prediction.js')},
  {id: 'lineage', title: 'Lineage', load: () => import('./pages/lineage.js')},
  {id: 'monitoring', title: 'Monitoring', load: () => import('./pages/monitoring.js')},
  {id: 'audit', title: 'Audit', load: () => import('./pages/audit.js')},
];

const header = document.getElementById('top');
const main = document.getElementById('page');
let me = null;
let renders = 0;

/** The route in the URL: page id, decoded path segments, query parameters. */
function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [id, ...rest] = path.split('/').filter(s => s !== '');
  return {id: id || 'inventory', segments: rest.map(decodeURIComponent), params: new URLSearchParams(query ?? '')};
}

/** A link to a page, keeping the time-travel instant unless params says otherwise. */
export function link(id, segments = [], params = {}) {
  const query = new URLSearchParams();
  const asOf = route().params.get('asOf');
  if (asOf && !('asOf' in params)) query.set('asOf', asOf);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) query.set(name, String(value));
  }
  const path = [id, ...segments.map(s => encodeURIComponent(String(s)))].join('/');
  const qs = query.toString();
  return '#/' + path + (qs ? '?' + qs : '');
}

function go(id, segments, params) {
  location.hash = link(id, segments, params);
}

// ---- sign-in

function signInScreen(message) {
  header.replaceChildren(h('div', {class: 'brand'}, 'Custody'));
  const form = h('form', {class: 'signin', id: 'signin'},
      h('h1', {}, 'Sign in'),
      h('p', {}, 'Paste a Custody API token (cst_…) or an access token (JWT) from your OIDC provider. ',
          'On a fresh install the server prints the bootstrap admin token once, as the log line ',
          h('code', {}, 'Bootstrap admin token: …'), '.'),
      h('label', {for: 'token'}, 'Bearer token'),
      h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, size: 60}),
      h('button', {type: 'submit'}, 'Sign in'),
      message ? errorBox(message) : null,
      h('p', {class: 'hint'}, 'The token stays in this tab only (sessionStorage) and is sent as ',
          h('code', {}, 'Authorization: Bearer'), ' with every request.'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    session.signIn(formValues(form).token);
    await start();
  });
  mount(main, form);
  form.querySelector('input').focus();
}

whenUnauthorized(error => {
  session.signOut();
  me = null;
  signInScreen(error);
});

async function start() {
  if (!session.token()) {
    signInScreen();
    return;
  }
  try {
    me = (await gql('{ me { actor roles } }')).me;
  } catch (error) {
    session.signOut();
    signInScreen(error);
    return;
  }
  await show();
}

// ---- header and time travel

/** datetime-local works in the browser's zone; the console shows and takes UTC, as the API does. */
function toPicker(iso) {
  return iso ? new Date(iso).toISOString().slice(0, 19) : '';
}

function drawHeader(current) {
  const asOf = current.params.get('asOf');
  const picker = h('input', {type: 'datetime-local', step: 1, id: 'as-of', value: toPicker(asOf),
    title: 'Show every page as Custody knew it at this instant (UTC)'});
  picker.addEventListener('change', () => {
    const params = Object.fromEntries(current.params);
    params.asOf = picker.value ? new Date(picker.value + 'Z').toISOString() : null;
    location.hash = link(current.id, current.segments, params);
  });
  const now = h('button', {type: 'button', id: 'as-of-now', onclick: () => {
    const params = Object.fromEntries(current.params);
    params.asOf = null;
    location.hash = link(current.id, current.segments, params);
  }}, 'Now');
  header.replaceChildren(
      h('a', {class: 'brand', href: link('inventory')}, 'Custody'),
      h('nav', {}, pages.filter(p => p.nav !== false).map(p =>
          h('a', {href: link(p.id), id: 'nav-' + p.id, class: p.id === current.id ? 'active' : null}, p.title))),
      h('div', {class: 'time-travel' + (asOf ? ' active' : '')},
          h('label', {for: 'as-of'}, 'As of (UTC)'), picker, now),
      h('div', {class: 'who'}, h('span', {id: 'me', title: me.roles.join(', ')}, me.actor),
          h('button', {type: 'button', id: 'sign-out', onclick: () => {
            session.signOut();
            me = null;
            signInScreen();
          }}, 'Sign out')));
}

async function show() {
  if (!me) return;
  const current = route();
  const page = pages.find(p => p.id === current.id);
  drawHeader(current);
  const asOf = current.params.get('asOf');
  const banner = asOf ? h('div', {class: 'as-of-banner', id: 'as-of-banner'},
      'As of ' + when(asOf) + ': every answer below is what Custody had recorded by then. ',
      h('a', {href: link(current.id, current.segments, {...Object.fromEntries(current.params), asOf: null})},
          'Back to now')) : null;
  const body = h('div', {class: 'page', id: 'page-' + current.id});
  mount(main, banner, body);
  const mine = ++renders;
  if (!page) {
    mount(body, errorBox({message: 'No page ' + current.id}));
    return;
  }
  document.title = page.title + ' · Custody';
  body.append(h('p', {class: 'loading'}, 'Loading…'));
  try {
    const module = await page.load();
    if (mine !== renders) return;
    await module.render(body, {
      segments: current.segments,
      params: current.params,
      asOf,
      link,
      go,
      // Replaces this page's parameters (the instant stays unless given).
      update: params => go(current.id, current.segments, params),
      stale: () => mine !== renders,
    });
    body.dataset.ready = 'true';
  } catch (error) {
    if (mine !== renders) return;
    if (error.status === 401) return;
    body.querySelector(':scope > .loading')?.remove();
    body.append(errorBox(error));
    body.dataset.ready = 'true';
  }
}

window.addEventListener('hashchange', show);
start();
