// Prediction: look one up by environment, service and request id, and follow its chain back to the data.

import {gql} from '../api.js';
import {modelVersionNode} from '../components.js';
import {badge, digest, formValues, h, json, mount, when} from '../dom.js';

const CUSTODY = `query($e: String!, $s: String!, $r: String!, $asOf: DateTime) {
  custody(environment: $e, service: $s, requestId: $r, asOf: $asOf) {
    prediction { environment service requestId model version predictedAt recordedAt featuresDigest output explanation
                 outcome observedAt position }
    deployment { environment service canary share from deployedBy policyVersion to endReason endNote }
    modelVersion { model version artifactUri artifactDigest registeredAt registeredBy }
    validations { passed validatedBy validatedAt checks { name passed } }
    approvals { approver role comment approvedAt }
    run { id startedBy startedAt status code { repository commit dirty } environment { image } }
    inputs { dataset version digest datasetVersion { quarantined quarantineReason } }
  }
}`;

export async function render(el, ctx) {
  const p = Object.fromEntries(ctx.params);
  const form = h('form', {class: 'filters', id: 'prediction-form'},
      h('label', {}, h('span', {}, 'Environment'), h('input', {name: 'environment', value: p.environment ?? 'production', size: 12})),
      h('label', {}, h('span', {}, 'Service'), h('input', {name: 'service', value: p.service, size: 24})),
      h('label', {}, h('span', {}, 'Request id'), h('input', {name: 'requestId', value: p.requestId, size: 28})),
      h('button', {type: 'submit'}, 'Look up'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const v = formValues(form);
    ctx.update({environment: v.environment, service: v.service, requestId: v.requestId});
  });
  const result = h('div', {id: 'prediction-result'});
  mount(el, h('h1', {}, 'Prediction'), form, result);
  if (!p.environment || !p.service || !p.requestId) {
    mount(result, h('p', {class: 'hint'}, 'A prediction is found by the environment and service that made it and '
        + 'its request id, as the model server sent them to /api/v1/predictions.'));
    return;
  }
  const c = (await gql(CUSTODY, {e: p.environment, s: p.service, r: p.requestId, asOf: ctx.asOf})).custody;
  if (ctx.stale()) return;
  if (!c) {
    mount(result, h('div', {class: 'live-card unknown', id: 'no-prediction'}, `Custody has no prediction `
        + `${p.requestId} of ${p.environment}/${p.service}` + (ctx.asOf ? ` as of ${when(ctx.asOf)}.` : '.')));
    return;
  }
  const pr = c.prediction;
  const mv = c.modelVersion;
  const links = [];
  if (mv) {
    links.push(h('a', {href: ctx.link('model', [mv.model, mv.version]), id: 'prediction-model-link'},
        `The chain of custody of ${mv.model} #${mv.version}`));
    links.push(' · ', h('a', {href: ctx.link('lineage', [], {node: modelVersionNode(mv.model, mv.version),
      direction: 'UPSTREAM', depth: 4})}, 'its lineage'));
  }
  mount(result, h('ol', {class: 'chain', id: 'custody-chain'},
      step('prediction', `Prediction ${pr.requestId}`, [
        `made ${when(pr.predictedAt)} on ${pr.environment}/${pr.service}, recorded ${when(pr.recordedAt)} (position ${pr.position})`,
        pr.featuresDigest ? h('div', {}, 'features ', digest(pr.featuresDigest)) : null,
        h('div', {class: 'cols'}, h('div', {}, h('strong', {}, 'output'), json(pr.output)),
            pr.outcome != null ? h('div', {}, h('strong', {}, `outcome (${when(pr.observedAt)})`), json(pr.outcome)) : null,
            pr.explanation != null ? h('div', {}, h('strong', {}, 'explanation'), json(pr.explanation)) : null)]),
      c.deployment ? step('deployment', `Served by ${c.deployment.environment}/${c.deployment.service}`
          + (c.deployment.canary ? ` as canary (${Math.round(c.deployment.share * 100)}%)` : ' as primary'), [
        `live from ${when(c.deployment.from)}, deployed by ${c.deployment.deployedBy ?? 'unknown'}`
        + (c.deployment.policyVersion ? ` under policy ${c.deployment.policyVersion}` : '')
        + (c.deployment.to ? `; ended ${when(c.deployment.to)} (${c.deployment.endReason.toLowerCase()}${c.deployment.endNote ? ' ' + c.deployment.endNote : ''})` : '; still live')]) : null,
      mv ? step('model', `Model version ${mv.model} #${mv.version}`, [
        `registered ${when(mv.registeredAt)} by ${mv.registeredBy ?? 'unknown'}; artifact ${mv.artifactUri ?? ''} `,
        digest(mv.artifactDigest)]) : null,
      step('validation', `${c.validations.length} validation(s)`, c.validations.map(v => h('div', {},
          v.passed ? badge('passed', 'ok') : badge('failed', 'danger'),
          ` by ${v.validatedBy ?? 'unknown'} ${when(v.validatedAt)}: ${v.checks.map(x => x.name).join(', ')}`))),
      step('approval', `${c.approvals.length} approval(s)`, c.approvals.map(a => h('div', {},
          `${a.approver}${a.role ? ' as ' + a.role : ''}, ${when(a.approvedAt)}${a.comment ? ': “' + a.comment + '”' : ''}`))),
      c.run ? step('run', `Run ${c.run.id} (${c.run.status.toLowerCase()})`, [
        `started ${when(c.run.startedAt)} by ${c.run.startedBy ?? 'unknown'}`,
        c.run.code ? h('div', {}, 'code ', c.run.code.repository ?? '', ' ', h('code', {class: 'commit'}, c.run.code.commit ?? ''),
            c.run.code.dirty ? badge('dirty', 'danger') : null) : null,
        c.run.environment?.image ? h('div', {}, 'image ', h('code', {}, c.run.environment.image)) : null]) : null,
      step('data', `${c.inputs.length} training dataset version(s)`, c.inputs.map(i => h('div', {class: 'input'},
          h('a', {href: ctx.link('lineage', [], {node: `datasetVersion:${i.dataset}@${i.version}`})}, `${i.dataset}@${i.version}`),
          ' ', digest(i.digest), i.datasetVersion?.quarantined ? [' ', badge('quarantined: ' + (i.datasetVersion.quarantineReason ?? ''), 'danger')] : null)))),
  h('p', {class: 'links'}, links));
}

function step(kind, title, body) {
  return h('li', {class: 'step ' + kind, dataset: {kind}}, h('strong', {class: 'title'}, title), h('div', {}, body));
}
