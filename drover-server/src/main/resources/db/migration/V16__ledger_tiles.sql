-- Hash tiles (as transparency logs keep them): eight levels of the ledger's tree over one aligned run, one row per
-- complete run. A tile of tile_level 0 holds the subtrees of 1 to 128 entries inside the 256 entries from 256 * tile; a
-- tile of tile_level 1 the subtrees of 2^8 to 2^15 entries inside the 2^16 entries from 2^16 * tile; and so on. hashes
-- lists the tile's 256 lowest subtrees, then the 128 above them, ... up to the two highest: 510 hashes of 32 bytes. A
-- proof reads a few of these narrow rows instead of up to one wide entry row per level. The sequencer writes a tile in
-- the transaction of the entry that completes it. Tiles are written from this version on: proofs over a part of a
-- log appended before it read the entry rows, as before.
CREATE TABLE ledger_tile (
    tile_level  INT NOT NULL,
    tile        BIGINT NOT NULL,
    hashes      BYTEA NOT NULL,
    PRIMARY KEY (tile_level, tile)
);
