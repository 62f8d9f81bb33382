package dev.skyport.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalTokenBucketStoreTest {

    @Test
    void letsExactlyTheBurstThroughThenRefusesWithRetryAfter() {
        LocalTokenBucketStore store = new LocalTokenBucketStore();
        RatePolicy policy = new RatePolicy(0.1, 3, RatePolicy.KeyKind.ip);
        for (int i = 2; i >= 0; i--) {
            BucketDecision decision = store.take("k", policy).block();
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(i);
        }
        BucketDecision refused = store.take("k", policy).block();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 10L);
        assertThat(store.take("other", policy).block().allowed()).isTrue();
    }

    @Test
    void routeMetadataCanOptOutOrSetItsOwnPolicy() {
        RatePolicy fallback = new RatePolicy(50, 100, RatePolicy.KeyKind.principal);
        assertThat(RatePolicy.fromMetadata("none", fallback)).isNull();
        assertThat(RatePolicy.fromMetadata(null, fallback)).isSameAs(fallback);
        assertThat(RatePolicy.fromMetadata(java.util.Map.of("rate", "0.5", "burst", 7, "key", "ip"), fallback))
                .isEqualTo(new RatePolicy(0.5, 7, RatePolicy.KeyKind.ip));
    }
}
