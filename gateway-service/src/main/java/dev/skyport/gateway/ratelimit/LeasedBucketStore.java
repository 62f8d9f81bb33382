package dev.skyport.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Takes tokens from the shared buckets (Redis) a few at a time and hands them out here, so most requests cost no
 * round trip to the store. A lease holds at most what the bucket refills in one lease period ({@code rate × period})
 * and at most a tenth of the burst, lives at most one period, and is never more than half of what the bucket had
 * left at the last lease: as a bucket empties, leases shrink to one token, so the last tokens and the 429 that
 * follows are exact. With a slow rate or a small burst every lease is one token (the sign-up route's is).
 *
 * <p>What it trades: the store never grants more than the bucket holds, so no client ever gets more than its limit
 * across replicas; but tokens leased by one replica and not used within the period are not available to the others,
 * so a client spread over N replicas may be refused up to {@code (N-1)} leases early. {@code X-RateLimit-Remaining}
 * counts this replica's unused lease with what the store had left; the bucket's refill since the lease shows at the
 * next one. A period of 0 turns leasing off: every request asks the store.
 */
public class LeasedBucketStore implements TokenBucketStore {

    private final TokenBucketStore shared;
    private final long periodNanos;
    private final double periodSeconds;
    // Housekeeping on the calling thread (an event loop): read on every request, the default executor (the common
    // pool) woke another thread every few hundred reads.
    private final Cache<String, Slot> slots = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(200_000).executor(Runnable::run).build();

    public LeasedBucketStore(TokenBucketStore shared, Duration period) {
        this.shared = shared;
        this.periodNanos = period.toNanos();
        this.periodSeconds = period.toNanos() / 1e9;
    }

    /** The store the leases come from. */
    public TokenBucketStore shared() {
        return shared;
    }

    @Override
    public Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens) {
        if (tokens != 1 || periodNanos == 0) {
            return shared.take(bucketKey, policy, tokens);
        }
        Slot slot = slots.get(bucketKey + "|" + policy.rate() + "|" + policy.burst(), key -> new Slot());
        return take(slot, bucketKey, policy);
    }

    private Mono<BucketDecision> take(Slot slot, String bucketKey, RatePolicy policy) {
        Lease lease = slot.lease;
        long now = System.nanoTime();
        if (now - lease.expiresAt() < 0) {
            long left = lease.left().getAndDecrement();
            if (left > 0) {
                return Mono.just(BucketDecision.of(true, lease.remainingAfter() + left - 1, policy));
            }
            if (lease.storeShort()) {
                // The store had less than a lease: until this one expires, each request asks it for its token.
                return shared.take(bucketKey, policy, 1);
            }
        }
        // Requests that find the lease spent wait for one renewal together, then take from it.
        return Mono.fromFuture(slot.renew(lease, () -> lease(bucketKey, policy, lease.remainingAfter())), true)
                .flatMap(renewed -> take(slot, bucketKey, policy));
    }

    private Mono<Lease> lease(String bucketKey, RatePolicy policy, long remainingAtLastLease) {
        long size = Math.min((long) Math.floor(policy.rate() * periodSeconds), policy.burst() / 10);
        long tokens = Math.max(1, Math.min(size, remainingAtLastLease / 2));
        return shared.take(bucketKey, policy, tokens).map(decision -> {
            long expiresAt = System.nanoTime() + periodNanos;
            return decision.allowed() ? new Lease(expiresAt, decision.remaining(), new AtomicLong(tokens), false)
                    : new Lease(expiresAt, decision.remaining(), new AtomicLong(), true);
        });
    }

    /**
     * Tokens this replica holds for one bucket: {@code left} unused, from a lease after which the store had
     * {@code remainingAfter}; {@code storeShort} when the store could not grant the lease.
     */
    private record Lease(long expiresAt, long remainingAfter, AtomicLong left, boolean storeShort) {
    }

    /**
     * One bucket's lease here, and its renewal once one is under way. Lock-free: a renewal calls the store, and a
     * lock held across that call (or taken again by the store's I/O thread as the answer arrives) could wait on the
     * store's own locks.
     */
    private static final class Slot {

        private volatile Lease lease = new Lease(System.nanoTime() - 1, Long.MAX_VALUE, new AtomicLong(), false);
        private final AtomicReference<CompletableFuture<Lease>> renewal = new AtomicReference<>();

        CompletableFuture<Lease> renew(Lease spent, Supplier<Mono<Lease>> fetch) {
            while (true) {
                CompletableFuture<Lease> pending = renewal.get();
                if (lease != spent) {
                    return CompletableFuture.completedFuture(lease);
                }
                if (pending != null && !pending.isDone()) {
                    return pending;
                }
                CompletableFuture<Lease> mine = new CompletableFuture<>();
                if (renewal.compareAndSet(pending, mine)) {
                    // The new lease is in place before the future completes, so everyone waiting on it finds it.
                    fetch.get().subscribe(renewed -> {
                        lease = renewed;
                        mine.complete(renewed);
                    }, mine::completeExceptionally, () -> mine.completeExceptionally(
                            new IllegalStateException("the rate-limit store answered nothing")));
                    return mine;
                }
            }
        }
    }
}
