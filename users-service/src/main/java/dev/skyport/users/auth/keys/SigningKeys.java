package dev.skyport.users.auth.keys;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import dev.skyport.users.auth.AuthTables;
import dev.skyport.users.auth.AuthorizationServerProperties;

/**
 * The RSA signing keys in the {@code signing-keys} table, shared by every replica. Exactly one key signs at a time
 * (the latest whose {@code activatesAt} has passed); the JWKS publishes that key, keys waiting to activate, and
 * retired keys until {@code retention} after their successor took over. Replicas re-read the table every
 * {@code cacheTtl}; because a new key is written {@code publishAhead} before it activates, every replica (and every
 * resource server's JWKS cache) knows it before the first token it signs.
 */
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final AuthTables tables;
    private final AuthorizationServerProperties.Keys settings;
    private final Clock clock;

    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.MIN);

    public SigningKeys(AuthTables tables, AuthorizationServerProperties properties, Clock clock) {
        this.tables = tables;
        this.settings = properties.keys();
        this.clock = clock;
    }

    /** A stored key with its parsed JWK (private part included: never publish this one). */
    public record SigningKey(String keyId, Instant activatesAt, RSAKey jwk) {
    }

    private record Snapshot(List<SigningKey> keys, Instant loadedAt) {
    }

    /** The key that signs tokens now. */
    public RSAKey currentSigningKey() {
        Instant now = clock.instant();
        return current(keys(), now).map(SigningKey::jwk)
                .orElseThrow(() -> new IllegalStateException("No active signing key; the key table is empty"));
    }

    /** The public halves of every key a verifier may meet: active, upcoming, and retired within retention. */
    public List<JWK> publishedKeys() {
        Instant now = clock.instant();
        List<SigningKey> keys = keys();
        return keys.stream().filter(k -> isPublished(k, keys, now)).map(k -> (JWK) k.jwk().toPublicJWK()).toList();
    }

    /**
     * Creates the first key when the table has none, and the next key when the current one is due for rotation.
     * Replicas may run this at the same moment: the new key's id is derived from the current one and written
     * only if absent, so one of them wins and the others adopt its key.
     */
    public void rotateIfDue() {
        Instant now = clock.instant();
        List<SigningKey> keys = reload();
        Optional<SigningKey> current = current(keys, now);
        if (current.isEmpty()) {
            Optional<SigningKey> upcoming = keys.stream().filter(k -> k.activatesAt().isAfter(now)).findFirst();
            if (upcoming.isEmpty()) {
                // Nothing has been issued yet, so nobody needs to see this first key ahead of use.
                create("k-" + now.getEpochSecond() / 60, now);
            }
            return;
        }
        boolean successorExists = keys.stream().anyMatch(k -> k.activatesAt().isAfter(current.get().activatesAt()));
        Instant planned = current.get().activatesAt().plus(settings.rotationInterval());
        if (!successorExists && !now.isBefore(planned.minus(settings.publishAhead()))) {
            Instant earliest = now.plus(settings.publishAhead());
            create("k-" + planned.getEpochSecond() / 60, planned.isBefore(earliest) ? earliest : planned);
        }
    }

    /** Starts a rotation now (operator action, tests): the new key signs once {@code publishAhead} has passed. */
    public String rotateNow() {
        String keyId = "k-" + UUID.randomUUID();
        create(keyId, clock.instant().plus(settings.publishAhead()));
        return keyId;
    }

    private void create(String keyId, Instant activatesAt) {
        KeyPair pair = generate();
        SigningKeyItem item = new SigningKeyItem();
        item.setKeyId(keyId);
        item.setAlgorithm("RS256");
        item.setPublicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        item.setPrivateKey(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        item.setCreatedAt(clock.instant());
        item.setActivatesAt(activatesAt);
        try {
            tables.signingKeys().putItem(PutItemEnhancedRequest.builder(SigningKeyItem.class).item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(keyId)").build())
                    .build());
            log.info("Created signing key {} activating at {}", keyId, activatesAt);
        } catch (ConditionalCheckFailedException anotherReplicaWon) {
            log.info("Signing key {} was created by another replica", keyId);
        }
        markExpiry(activatesAt);
        reload();
    }

    /** Gives the keys the new one retires a TTL, so the table cleans itself up after retention. */
    private void markExpiry(Instant successorActivatesAt) {
        long expiresAt = successorActivatesAt.plus(settings.retention()).getEpochSecond();
        for (SigningKeyItem item : tables.signingKeys().scan(ScanEnhancedRequest.builder().consistentRead(true).build())
                .items()) {
            if (item.getExpiresAt() == null && item.getActivatesAt().isBefore(successorActivatesAt)) {
                item.setExpiresAt(expiresAt);
                tables.signingKeys().putItem(item);
            }
        }
    }

    private List<SigningKey> keys() {
        Snapshot s = snapshot;
        if (s.loadedAt().plus(settings.cacheTtl()).isBefore(clock.instant())) {
            return reload();
        }
        return s.keys();
    }

    private synchronized List<SigningKey> reload() {
        List<SigningKey> keys = tables.signingKeys().scan(ScanEnhancedRequest.builder().consistentRead(true).build())
                .items().stream()
                .map(SigningKeys::toSigningKey)
                .sorted(Comparator.comparing(SigningKey::activatesAt).thenComparing(SigningKey::keyId))
                .toList();
        snapshot = new Snapshot(keys, clock.instant());
        return keys;
    }

    private static Optional<SigningKey> current(List<SigningKey> sortedKeys, Instant now) {
        return sortedKeys.stream().filter(k -> !k.activatesAt().isAfter(now)).reduce((a, b) -> b);
    }

    private boolean isPublished(SigningKey key, List<SigningKey> sortedKeys, Instant now) {
        Optional<SigningKey> successor = sortedKeys.stream()
                .filter(k -> k.activatesAt().isAfter(key.activatesAt()) && !k.activatesAt().isAfter(now))
                .findFirst();
        return successor.map(s -> now.isBefore(s.activatesAt().plus(settings.retention()))).orElse(true);
    }

    private KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(settings.rsaKeySize());
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    private static SigningKey toSigningKey(SigningKeyItem item) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(item.getPublicKey())));
            RSAPrivateKey privateKey = (RSAPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(item.getPrivateKey())));
            RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(item.getKeyId())
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            return new SigningKey(item.getKeyId(), item.getActivatesAt(), jwk);
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Signing key " + item.getKeyId() + " cannot be read", e);
        }
    }
}
