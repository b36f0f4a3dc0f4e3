-- Client event ids already accepted, so that a re-sent command is acknowledged and not applied twice.
-- Written in the same transaction as the command's events.
CREATE TABLE client_event (
    client_event_id VARCHAR(200) PRIMARY KEY,
    command_type    VARCHAR(255) NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
