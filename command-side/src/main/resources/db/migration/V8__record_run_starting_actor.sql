-- The authenticated actor who sent a run's start, beside the startedBy it names: a service may start a
-- run on someone's behalf, and a rule about people (the approver is not the trainer) checks both.
ALTER TABLE cs_run ADD COLUMN started_by_actor TEXT;
