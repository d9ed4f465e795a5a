package io.drover.server.rollout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's parsed rollout definitions, by rollout id, so a check-in does not parse a filter and a wave plan per
 * rollout per poll. Definitions never change once a rollout exists, so the cache needs no invalidation across nodes.
 * It holds at most {@value #CAPACITY}, far more rollouts than assign at once; when full it starts afresh (parsing
 * again is cheap, and a lock-free read matters more on the check-in path than keeping old entries).
 */
final class RolloutDefinitions {
    static final int CAPACITY = 1024;

    private final Map<Long, RolloutDefinition> byRollout = new ConcurrentHashMap<>();

    /**
     * The definition of the rollout in the current row, parsed from its stored columns the first time this node sees
     * it.
     */
    RolloutDefinition of(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        RolloutDefinition known = byRollout.get(id);
        if (known == null) {
            known = RolloutDefinition.parse(rs);
            if (byRollout.size() >= CAPACITY) {
                byRollout.clear();
            }
            byRollout.put(id, known);
        }
        return known;
    }
}
