package dev.skyport.orders.events.fanout;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * One row of the {@code stream-leases} table: the lease on one shard of the {@code orders} stream (who reads
 * it, until when, how far it got, whether it is finished), or, under a {@value #REPLICA} key, one replica's
 * heartbeat (so that replicas holding no lease count when the shards are shared out). Every write is
 * conditional on {@code leaseVersion}, so two replicas never both think they took the same shard.
 */
@DynamoDbBean
@SkyportTable(name = StreamLease.TABLE)
public class StreamLease {

    public static final String TABLE = "stream-leases";
    /** Key prefix of the heartbeat rows. */
    public static final String REPLICA = "replica/";

    private String shardId;
    private String streamArn;
    private String owner;
    private Long leaseUntil;
    private String checkpoint;
    private Boolean finished;
    private Long since;
    private Long leaseVersion;
    private Long expiresAt;

    /** The shard's id (DynamoDB's are unique, they carry their creation time), or {@value #REPLICA} + a replica id. */
    @DynamoDbPartitionKey
    public String getShardId() {
        return shardId;
    }

    public void setShardId(String shardId) {
        this.shardId = shardId;
    }

    public String getStreamArn() {
        return streamArn;
    }

    public void setStreamArn(String streamArn) {
        this.streamArn = streamArn;
    }

    /** The replica that reads the shard; null when nobody does. */
    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    /** Epoch millis after which another replica may take the shard over (or the heartbeat counts as gone). */
    public Long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(Long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }

    /** Sequence number of the last record published; the next owner starts after it. */
    public String getCheckpoint() {
        return checkpoint;
    }

    public void setCheckpoint(String checkpoint) {
        this.checkpoint = checkpoint;
    }

    /** Read to its end: the shard's children may start. */
    public Boolean getFinished() {
        return finished;
    }

    public void setFinished(Boolean finished) {
        this.finished = finished;
    }

    /**
     * For a shard first taken up with nothing before it to follow (the open shards at the very first start):
     * epoch millis from which its records count, so whoever reads it (before any checkpoint) skips older ones.
     */
    public Long getSince() {
        return since;
    }

    public void setSince(Long since) {
        this.since = since;
    }

    @DynamoDbVersionAttribute
    public Long getLeaseVersion() {
        return leaseVersion;
    }

    public void setLeaseVersion(Long leaseVersion) {
        this.leaseVersion = leaseVersion;
    }

    /** Epoch seconds; rows of finished shards and gone replicas outlive the stream's 24 h retention, then go. */
    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    boolean readToTheEnd() {
        return Boolean.TRUE.equals(finished);
    }

    boolean liveAt(long nowMillis) {
        return owner != null && leaseUntil != null && leaseUntil > nowMillis;
    }
}
