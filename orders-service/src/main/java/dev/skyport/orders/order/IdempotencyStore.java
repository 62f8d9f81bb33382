package dev.skyport.orders.order;

import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.ConditionFailedException;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.ItemAlreadyExistsException;
import dev.skyport.starter.data.ItemNotFoundException;
import dev.skyport.starter.data.OptimisticLockException;
import dev.skyport.starter.data.Ttl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims, reads and releases {@code Idempotency-Key}s. A key is claimed with a conditional write (only
 * one of any number of concurrent requests wins), kept 24 h, and completed by {@link OrderPlacement}
 * in the transaction that writes the order.
 */
public class IdempotencyStore {

    /** How long a key is remembered (and so how long a repeat is answered from it). */
    public static final Duration RETENTION = Duration.ofHours(24);

    private final EntityTable<IdempotencyRecord> keys;
    private final Clock clock;
    private final Duration lease;

    public IdempotencyStore(EntityTable<IdempotencyRecord> keys, Clock clock, Duration lease) {
        this.keys = keys;
        this.clock = clock;
        this.lease = lease;
    }

    EntityTable<IdempotencyRecord> table() {
        return keys;
    }

    /** A claim this request holds: it may place the order and must then complete or release the key. */
    public record Claim(IdempotencyRecord record) {
        public String token() {
            return record.getClaimToken();
        }
    }

    /**
     * Claims the key for {@code requestHash}, or returns who holds it: the claim when this request won,
     * else the record as stored (in progress elsewhere, or completed).
     */
    public Optional<Claim> tryClaim(String customerId, String key, String requestHash, String orderId) {
        IdempotencyRecord claim = new IdempotencyRecord();
        claim.setId(IdempotencyRecord.idOf(customerId, key));
        claim.setCustomerId(customerId);
        claim.setRequestHash(requestHash);
        claim.setState(IdempotencyRecord.State.IN_PROGRESS.name());
        claim.setClaimToken(UUID.randomUUID().toString());
        claim.setClaimedAt(clock.instant());
        claim.setOrderId(orderId);
        claim.setExpiresAt(Ttl.after(clock, RETENTION));
        try {
            return Optional.of(new Claim(keys.create(claim)));
        } catch (ItemAlreadyExistsException e) {
            return Optional.empty();
        }
    }

    public Optional<IdempotencyRecord> find(String customerId, String key) {
        return keys.getConsistent(keys.key(IdempotencyRecord.idOf(customerId, key)));
    }

    /** Whether an in-progress claim outlived its lease (its holder crashed or hangs). */
    public boolean abandoned(IdempotencyRecord record) {
        return record.state() == IdempotencyRecord.State.IN_PROGRESS
                && record.getClaimedAt().plus(lease).isBefore(clock.instant());
    }

    /** Whether the key's 24 h are over (TTL deletes it some time later; until then it must not count). */
    public boolean expired(IdempotencyRecord record) {
        return Ttl.isExpired(record.getExpiresAt(), clock);
    }

    /**
     * Takes over an abandoned or expired record, keeping its order id when it was abandoned (the holder
     * may be about to write that order: whoever comes second then fails on the order's create condition).
     */
    public Optional<Claim> takeOver(IdempotencyRecord stale, String requestHash, String newOrderId) {
        String oldToken = stale.getClaimToken();
        boolean expired = expired(stale);
        IdempotencyRecord claim = new IdempotencyRecord();
        claim.setId(stale.getId());
        claim.setCustomerId(stale.getCustomerId());
        claim.setRequestHash(requestHash);
        claim.setState(IdempotencyRecord.State.IN_PROGRESS.name());
        claim.setClaimToken(UUID.randomUUID().toString());
        claim.setClaimedAt(clock.instant());
        claim.setOrderId(expired ? newOrderId : stale.getOrderId());
        claim.setCreatedAt(expired ? clock.instant() : stale.getCreatedAt());
        claim.setExpiresAt(expired ? Ttl.after(clock, RETENTION) : stale.getExpiresAt());
        try {
            return Optional.of(new Claim(keys.put(claim, Condition.attribute("claimToken").eq(oldToken))));
        } catch (ConditionFailedException | OptimisticLockException | ItemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Gives the key back after a placement failed, so the client may retry with it. */
    public void release(Claim claim) {
        try {
            keys.delete(keys.key(claim.record().getId()), Condition.attribute("claimToken").eq(claim.token())
                    .and(Condition.attribute("state").eq(IdempotencyRecord.State.IN_PROGRESS.name())));
        } catch (ConditionFailedException | ItemNotFoundException e) {
            // taken over or gone already: nothing of ours to release
        }
    }

    /** The completed record, as the order's transaction writes it. */
    IdempotencyRecord completed(Claim claim, String response, Instant now) {
        IdempotencyRecord record = claim.record();
        record.setState(IdempotencyRecord.State.COMPLETED.name());
        record.setResponse(response);
        record.setClaimedAt(now);
        return record;
    }

    /** The condition under which a claim may still be completed: nobody took it over. */
    static Condition heldBy(Claim claim) {
        return Condition.attribute("claimToken").eq(claim.token());
    }
}
