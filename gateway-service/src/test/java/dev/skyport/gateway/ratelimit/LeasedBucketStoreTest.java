package dev.skyport.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Leases over a real store (this process's buckets standing in for Redis): fewer calls, never more tokens. */
class LeasedBucketStoreTest {

    /** The store the leases come from, counting the calls made to it; it answers on another thread, as Redis does. */
    private static final class CountingStore implements TokenBucketStore {

        final LocalTokenBucketStore buckets = new LocalTokenBucketStore();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Mono<BucketDecision> take(String bucketKey, RatePolicy policy, long tokens) {
            calls.incrementAndGet();
            return buckets.take(bucketKey, policy, tokens).publishOn(Schedulers.single());
        }
    }

    @Test
    void aBusyBucketCostsTheStoreOneCallPerLease() {
        CountingStore store = new CountingStore();
        LeasedBucketStore leased = new LeasedBucketStore(store, Duration.ofSeconds(1));
        RatePolicy policy = new RatePolicy(100_000, 1_000_000, RatePolicy.KeyKind.principal);
        for (int i = 0; i < 1000; i++) {
            assertThat(leased.take("busy", policy).block().allowed()).isTrue();
        }
        // rate × period = 100,000 tokens per lease: the thousand requests took one.
        assertThat(store.calls).hasValue(1);
    }

    @Test
    void countsDownExactlyAndRefusesWhenTheBucketIsEmpty() {
        CountingStore store = new CountingStore();
        LeasedBucketStore leased = new LeasedBucketStore(store, Duration.ofSeconds(1));
        // 10 tokens a second (one per 100 ms), burst 100: leases of 10 while the bucket is full, shrinking to one.
        RatePolicy policy = new RatePolicy(10, 100, RatePolicy.KeyKind.principal);
        List<Long> remaining = new ArrayList<>();
        BucketDecision decision;
        while ((decision = leased.take("client", policy).block()).allowed()) {
            remaining.add(decision.remaining());
        }
        // Each answer counts one down from what is left in the store and in this replica's lease; a token that
        // refilled while the loop ran may let one more through.
        assertThat(remaining).hasSizeBetween(100, 101);
        assertThat(remaining.getFirst()).isEqualTo(99);
        assertThat(remaining.getLast()).isZero();
        assertThat(decision.retryAfterSeconds()).isPositive();
        assertThat(store.calls.get()).isLessThan(50);
    }

    @Test
    void replicasSharingTheStoreNeverGrantMoreThanTheBucketHolds() {
        CountingStore store = new CountingStore();
        LeasedBucketStore first = new LeasedBucketStore(store, Duration.ofSeconds(1));
        LeasedBucketStore second = new LeasedBucketStore(store, Duration.ofSeconds(1));
        // Leases of 6 (a tenth of the burst).
        RatePolicy policy = new RatePolicy(30, 60, RatePolicy.KeyKind.ip);
        int allowed = 0;
        for (int i = 0; i < 200; i++) {
            if ((i % 2 == 0 ? first : second).take("ip:198.51.100.1", policy).block().allowed()) {
                allowed++;
            }
        }
        // 60 at most (plus a token or two refilled during the loop); at worst one replica's last lease goes unused.
        assertThat(allowed).isBetween(54, 62);
    }

    @Test
    void concurrentRequestsShareOneRenewalInsteadOfEachTakingALease() {
        CountingStore store = new CountingStore();
        LeasedBucketStore leased = new LeasedBucketStore(store, Duration.ofSeconds(1));
        // The identity route's policy: leases of 5 tokens out of a burst of 50.
        RatePolicy policy = new RatePolicy(20, 50, RatePolicy.KeyKind.ip);
        List<BucketDecision> decisions = Flux.range(0, 20)
                .flatMap(i -> leased.take("ip:198.51.100.2", policy).subscribeOn(Schedulers.parallel()), 20)
                .collectList().block();
        // Had each of the 20 taken its own lease of 5, the store would have run dry after 10 and refused the rest.
        assertThat(decisions).hasSize(20).allMatch(BucketDecision::allowed);
        // Four or five leases of 5 were taken; the rest of the burst is still in the store for other replicas.
        assertThat(store.buckets.take("ip:198.51.100.2", policy).block().remaining()).isBetween(24L, 31L);
    }

    @Test
    void aZeroPeriodAsksTheStoreEveryTime() {
        CountingStore store = new CountingStore();
        LeasedBucketStore leased = new LeasedBucketStore(store, Duration.ZERO);
        RatePolicy policy = new RatePolicy(100_000, 1_000_000, RatePolicy.KeyKind.principal);
        for (int i = 0; i < 10; i++) {
            leased.take("exact", policy).block();
        }
        assertThat(store.calls).hasValue(10);
    }
}
