package dev.skyport.orders.events.fanout;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the replicas share the {@code orders} stream ({@code skyport.orders.stream.*}).
 *
 * @param redisUrl      Redis (REDIS_URL): set, the replicas share the shards by leases and fan the records out
 *                      over Redis; unset, every replica reads every shard itself (fine for one or two replicas)
 * @param redisPassword Redis's password (SKYPORT_REDIS_PASSWORD), kept out of the URL so it can come from a Secret
 * @param leaseDuration how long a shard's lease lasts unrenewed (at least 3 s); renewed every third of it. A
 *                      replica that dies without handing its shards back holds them up this long (one that stops
 *                      hands them back)
 * @param maxRecordSize the largest message taken from the channel (two 400 KB images, in DynamoDB JSON)
 * @param backlog       records received and not yet handed to the broadcaster before more are dropped
 * @param replicaId     this replica in the lease table; default the host name and a random suffix
 */
@Validated
@ConfigurationProperties("skyport.orders.stream")
public record StreamFanoutProperties(
        @DefaultValue("") String redisUrl,
        @DefaultValue("") String redisPassword,
        @NotNull @DurationMin(seconds = 3) @DefaultValue("15s") Duration leaseDuration,
        @NotNull @DefaultValue("2MB") DataSize maxRecordSize,
        @Min(1) @DefaultValue("10000") int backlog,
        String replicaId) {

    public boolean redisEnabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
