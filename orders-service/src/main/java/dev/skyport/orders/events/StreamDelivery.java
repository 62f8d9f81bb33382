package dev.skyport.orders.events;

import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * What the stream reader reads and where its records go: every shard, straight to this replica's broadcaster;
 * or the shards this replica leases, published to every replica (events.fanout).
 */
public record StreamDelivery(ShardPlan plan, Consumer<Record> sink) {
}
