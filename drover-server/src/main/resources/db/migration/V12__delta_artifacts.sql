-- Binary deltas between two images of a component, made once per (base, target) pair and kept. The delta itself is
-- an ordinary artifact (blob and artifact row), so devices download it like any other, with ranges.
--   PENDING   a node is making it (claimed_at says since when; a claim older than the generator's timeout is taken over)
--   READY     delta_sha256 and delta_size name it, and it is small enough to offer
--   TOO_LARGE made, but over the share of the target's size worth offering (delta_size says how large)
--   FAILED    could not be made (reason says why); not tried again
CREATE TABLE delta_artifact (
    base_sha256    CHAR(64) NOT NULL REFERENCES artifact (sha256),
    target_sha256  CHAR(64) NOT NULL REFERENCES artifact (sha256),
    status         VARCHAR(16) NOT NULL,
    delta_sha256   CHAR(64) REFERENCES artifact (sha256),
    delta_size     BIGINT,
    reason         VARCHAR(1000),
    claimed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (base_sha256, target_sha256)
);
