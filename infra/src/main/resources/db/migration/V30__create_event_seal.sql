-- One seal per global position of domain_event_entry, written by the sealer (docs/audit.md) once the
-- position is final: either an event (content = SHA-256 of the stored row) or a permanent gap (content
-- NULL: a sequence value no transaction will ever commit). hash chains every seal to the one before it
-- with a keyed HMAC. stream and sequence name the sealed event even after its row is gone.
CREATE TABLE event_seal (
    global_index BIGINT       PRIMARY KEY CHECK (global_index > 0),
    stream       VARCHAR(255),
    sequence     BIGINT,
    content      BYTEA        CHECK (content IS NULL OR length(content) = 32),
    hash         BYTEA        NOT NULL CHECK (length(hash) = 32),
    CHECK ((content IS NULL) = (stream IS NULL))
);

-- Seals are as append-only as the events they seal.
CREATE FUNCTION refuse_seal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event_seal is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER event_seal_append_only
    BEFORE UPDATE OR DELETE ON event_seal
    FOR EACH ROW EXECUTE FUNCTION refuse_seal_change();

CREATE TRIGGER event_seal_no_truncate
    BEFORE TRUNCATE ON event_seal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_seal_change();
