-- Experiments for the command side's rules (a name belongs to one live experiment; runs go into live
-- experiments), kept by the subscribing processor "command-lookups" in the transaction of the events.
CREATE TABLE cs_experiment (
    id      VARCHAR(64)  PRIMARY KEY,
    name    TEXT         NOT NULL,
    deleted BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE UNIQUE INDEX cs_experiment_live_name ON cs_experiment (name) WHERE NOT deleted;

-- Experiment ids are numbers as MLflow gives them; "0" is MLflow's default experiment, which Custody does
-- not create on its own.
CREATE SEQUENCE cs_experiment_id START WITH 1;
