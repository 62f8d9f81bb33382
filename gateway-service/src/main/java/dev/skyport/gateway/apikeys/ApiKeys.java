package dev.skyport.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.skyport.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * Issues, revokes and verifies API keys. A key reads {@code sk_<id>_<secret>}: the id finds the record, and
 * only the SHA-256 of the secret is stored. Verifications are cached so DynamoDB is not read on every request: a
 * known key briefly (a revocation takes effect within the cache TTL), an unknown one longer (a new key can't be
 * known in advance: its secret is random). Concurrent checks of one key share one read, and a malformed key is
 * refused without any.
 */
public class ApiKeys {

    // DRBG: seeded once from the OS, then pure computation, so secrets are made without blocking an event loop
    // on the entropy device (the default NativePRNG reads /dev/urandom on every call).
    private static final SecureRandom RANDOM = drbg();

    private static SecureRandom drbg() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[1]);
            return random;
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final ApiKeyTable table;
    private final Map<String, GatewayProperties.Plan> plans;
    private final AsyncCache<String, Optional<ApiKey>> verified;

    public ApiKeys(ApiKeyTable table, Map<String, GatewayProperties.Plan> plans, Duration cacheTtl,
            Duration unknownKeyCacheTtl) {
        this.table = table;
        this.plans = plans;
        this.verified = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, Optional<ApiKey>>creating((id, key) -> key.isPresent() ? cacheTtl
                        : unknownKeyCacheTtl))
                .maximumSize(100_000).buildAsync();
    }

    public record Issued(ApiKey key, String secret) {
    }

    public Map<String, GatewayProperties.Plan> plans() {
        return plans;
    }

    public Mono<Issued> issue(String name, String planName) {
        GatewayProperties.Plan plan = plans.get(planName);
        if (plan == null) {
            return Mono.error(new IllegalArgumentException("unknown plan: " + planName));
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiKey key = new ApiKey(id, name, planName, plan, sha256(secret), false, Instant.now());
        return table.insert(key).thenReturn(new Issued(key, "sk_" + id + "_" + secret));
    }

    public Mono<ApiKey> find(String id) {
        return table.find(id);
    }

    public Mono<Boolean> revoke(String id) {
        return table.revoke(id).doOnNext(done -> verified.synchronous().invalidateAll());
    }

    /** The active key this presented value belongs to, or empty if it is unknown, malformed or revoked. */
    public Mono<ApiKey> verify(String presented) {
        if (!wellFormed(presented)) {
            return Mono.empty();
        }
        // A failed lookup (DynamoDB unreachable) is not cached: Caffeine drops a future that completes exceptionally.
        return Mono.fromFuture(() -> verified.get(sha256(presented), (hash, executor) -> lookup(presented)
                        .map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture()), true)
                .flatMap(Mono::justOrEmpty);
    }

    /** {@code sk_<16 hex>_<secret>}: anything else is refused without a lookup. */
    static boolean wellFormed(String presented) {
        return presented.length() <= 200 && presented.matches("sk_[0-9a-f]{16}_[A-Za-z0-9_-]{1,160}");
    }

    private Mono<ApiKey> lookup(String presented) {
        String id = presented.substring(3, 19);
        String secret = presented.substring(20);
        byte[] offered = sha256(secret).getBytes(StandardCharsets.US_ASCII);
        return table.find(id).filter(key -> !key.revoked()
                && MessageDigest.isEqual(offered, key.secretHash().getBytes(StandardCharsets.US_ASCII)));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
