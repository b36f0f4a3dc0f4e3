-- What the policy rules read on the command side (docs/governance.md), kept like every other cs_* table by the
-- subscribing processor "command-lookups" in the transaction that appends the events: a model's domain and
-- risk tier, the metrics of a version's last validation, each approval with its stated role and the Custody
-- roles its sender held, classification tags of datasets and their versions, and the published policies.
-- A subscribing processor never replays, so what the store already holds is copied from it here.

ALTER TABLE cs_model ADD COLUMN domain TEXT;
ALTER TABLE cs_model ADD COLUMN risk_tier VARCHAR(16);

UPDATE cs_model m SET domain = e.p ->> 'domain', risk_tier = e.p ->> 'riskTier'
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
      WHERE payload_type = 'io.custody.events.model.ModelRegistered') e
WHERE m.model = e.p ->> 'model';

ALTER TABLE cs_model_version ADD COLUMN last_validation_metrics JSONB;

UPDATE cs_model_version v SET last_validation_metrics = COALESCE(e.p -> 'metrics', '{}'::jsonb)
FROM (SELECT DISTINCT ON (x.p ->> 'model', x.p ->> 'version') x.p
      FROM (SELECT global_index, convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
            WHERE payload_type = 'io.custody.events.model.ValidationRecorded') x
      ORDER BY x.p ->> 'model', x.p ->> 'version', x.global_index DESC) e
WHERE v.model = e.p ->> 'model' AND v.version = (e.p ->> 'version')::int;

CREATE TABLE cs_model_approval (
    model      VARCHAR(128) NOT NULL,
    version    INTEGER      NOT NULL,
    approver   TEXT         NOT NULL,
    role       TEXT,
    -- ["APPROVER", ...]: the sender's Custody roles at approval; [] when unknown.
    held_roles JSONB        NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (model, version, approver)
);

INSERT INTO cs_model_approval (model, version, approver, role)
SELECT e.p ->> 'model', (e.p ->> 'version')::int, e.p ->> 'approver', e.p ->> 'role'
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
      WHERE payload_type = 'io.custody.events.model.ModelVersionApproved') e
ON CONFLICT DO NOTHING;

-- ["pii-raw", ...]: a dataset's tags apply to every version of it; a version's own tags add to them.
ALTER TABLE cs_dataset ADD COLUMN tags JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE cs_dataset_version ADD COLUMN tags JSONB NOT NULL DEFAULT '[]'::jsonb;

UPDATE cs_dataset d SET tags = COALESCE(e.p -> 'tags', '[]'::jsonb)
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
      WHERE payload_type = 'io.custody.events.dataset.DatasetRegistered') e
WHERE d.dataset = e.p ->> 'dataset';

UPDATE cs_dataset_version d SET tags = COALESCE(e.p -> 'tags', '[]'::jsonb)
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS p FROM domain_event_entry
      WHERE payload_type = 'io.custody.events.dataset.DatasetVersionRegistered') e
WHERE d.dataset = e.p ->> 'dataset' AND d.version = e.p ->> 'version';

-- Every published policy version; the one with the highest seq is in force (none: the shipped default).
CREATE TABLE cs_policy (
    seq      BIGSERIAL PRIMARY KEY,
    name     VARCHAR(64)  NOT NULL,
    version  INTEGER      NOT NULL,
    document TEXT         NOT NULL,
    sha256   VARCHAR(64)  NOT NULL,
    UNIQUE (name, version)
);
