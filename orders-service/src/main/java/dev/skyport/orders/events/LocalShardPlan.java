package dev.skyport.orders.events;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Every shard, read by this replica alone (no lease table, no Redis): fine for one replica or two, since
 * DynamoDB Streams serves about two readers per shard. The shards open at start-up from LATEST (a socket only
 * gets changes made while it is open), their children from TRIM_HORIZON once the parent is drained (so per
 * order in order); a stream that replaced the one followed (disabled and enabled again) from its start.
 */
public final class LocalShardPlan implements ShardPlan {

    private String streamArn;
    // Shards handed out (being read or finished) and shards that are history (closed before we came).
    private final Map<String, Start> started = new LinkedHashMap<>();
    private final Set<String> done = new HashSet<>();

    @Override
    public Map<String, Start> assign(String arn, List<Shard> shards) {
        if (!arn.equals(streamArn)) {
            Start initial = streamArn == null ? Start.LATEST : Start.TRIM_HORIZON;
            streamArn = arn;
            started.clear();
            done.clear();
            for (Shard shard : shards) {
                if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
                    started.put(shard.shardId(), initial);
                } else {
                    done.add(shard.shardId());
                }
            }
        }
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            // A child starts once its parent is drained (or was never ours to drain). The listing need not put
            // parents first, so a parent listed but not taken up yet also holds its child back.
            boolean parentPending = parent != null && !done.contains(parent)
                    && (listed.contains(parent) || started.containsKey(parent));
            if (!started.containsKey(shard.shardId()) && !done.contains(shard.shardId()) && !parentPending) {
                started.put(shard.shardId(), Start.TRIM_HORIZON);
            }
        }
        Map<String, Start> reading = new LinkedHashMap<>(started);
        reading.keySet().removeAll(done);
        return reading;
    }

    /** Starts over as at start-up: the open shards from LATEST. */
    @Override
    public void reset() {
        streamArn = null;
    }

    @Override
    public boolean checkpoint(String shardId, String sequenceNumber) {
        return true;
    }

    @Override
    public void finished(String shardId) {
        done.add(shardId);
    }
}
