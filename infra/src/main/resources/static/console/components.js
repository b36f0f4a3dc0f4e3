// Pieces more than one page shows.

import {gql} from './api.js';
import {badge, h, when} from './dom.js';

export const STINT_FIELDS = `environment service model version canary share from fromRecordedAt deployedBy policyVersion
  startReason to endReason endNote endedBy live`;

const LIVENESS = `query($m: String!, $v: Int!, $asOf: DateTime, $after: String) {
  modelVersion(model: $m, version: $v, asOf: $asOf) {
    model version live archived
    deployments(first: 500, after: $after) { nodes { ${STINT_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
}`;

/** A model version's liveness and every stint it served (paged through; a version has few). */
export async function liveness(model, version, asOf) {
  let after = null;
  let answer = null;
  const stints = [];
  for (let page = 0; page < 20; page++) {
    const data = await gql(LIVENESS, {m: model, v: version, asOf, after});
    if (!data.modelVersion) return null;
    answer = data.modelVersion;
    stints.push(...answer.deployments.nodes);
    if (!answer.deployments.pageInfo.hasNextPage) break;
    after = answer.deployments.pageInfo.endCursor;
  }
  return {...answer, stints};
}

/**
 * "Is credit-risk #17 still live?" in one card: live or not, since when, and if not, until when, replaced
 * by what and by whom.
 */
export function liveCard(model, version, answer, asOf) {
  const name = `${model} #${version}`;
  const at = asOf ? ' as of ' + when(asOf) : '';
  if (!answer) {
    return h('div', {class: 'live-card unknown', id: 'live-answer'},
        h('strong', {}, `Custody has no ${name}${at}.`));
  }
  const open = answer.stints.filter(s => s.live);
  if (open.length) {
    return h('div', {class: 'live-card live', id: 'live-answer'},
        h('strong', {}, `${name} is live${at}.`),
        h('ul', {}, open.map(s => h('li', {},
            `${s.canary ? 'Canary (' + Math.round(s.share * 100) + '%)' : 'Primary'} on ${s.environment}/${s.service} `
            + `since ${when(s.from)}, deployed by ${s.deployedBy ?? 'unknown'}`
            + (s.startReason === 'ROLLBACK' ? ' (rolled back to)' : '') + '.'))));
  }
  const ended = answer.stints.filter(s => s.to).sort((a, b) => a.to < b.to ? 1 : -1);
  if (!ended.length) {
    return h('div', {class: 'live-card not-live', id: 'live-answer'},
        h('strong', {}, `${name} is not live${at}: it has never been deployed.`));
  }
  const last = ended[0];
  const how = {
    REPLACED: `replaced ${last.endNote ?? ''}`.trim(),
    PROMOTED: 'promoted from canary to primary',
    RESHARED: 'its canary share changed',
    ROLLED_BACK: 'rolled back' + (last.endNote ? ': ' + last.endNote : ''),
    UNDEPLOYED: 'undeployed' + (last.endNote ? ': ' + last.endNote : ''),
  }[last.endReason] ?? (last.endReason ?? 'ended');
  return h('div', {class: 'live-card not-live', id: 'live-answer'},
      h('strong', {}, `${name} is not live${at}.`),
      h('p', {}, `It served ${last.environment}/${last.service} from ${when(last.from)} until ${when(last.to)}: `
          + `${how}, by ${last.endedBy ?? 'unknown'}.`),
      answer.archived ? h('p', {}, badge('archived', 'muted')) : null);
}

/** "Page n of a connection": a next link, and back to the first page. */
export function pager(pageInfo, totalCount, shown, nextLink, firstLink, what) {
  return h('div', {class: 'pager'},
      h('span', {}, `${shown} ${what} shown` + (totalCount != null ? ` of ${totalCount}` : '')),
      firstLink ? h('a', {href: firstLink, class: 'first-page'}, 'First page') : null,
      pageInfo.hasNextPage ? h('a', {href: nextLink(pageInfo.endCursor), class: 'next-page'}, 'Next page') : null);
}

/** A model version's id in the lineage graph. */
export function modelVersionNode(model, version) {
  return `modelVersion:${model}#${version}`;
}
