package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.json.Json;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.AttributeValues;
import dev.skyport.dynamo.model.DynamoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ExecuteStatement's NextToken: opaque to the client, here the key the next page starts after plus a
 * fingerprint of the statement and parameters it belongs to, so that a token given with another
 * statement is refused instead of starting somewhere meaningless.
 */
public final class NextTokens {

    private NextTokens() {
    }

    /** The fingerprint of a statement and its parameters (the request's JSON tree, or null). */
    public static String fingerprint(String statement, Object parameters) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(statement.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            if (parameters != null) {
                digest.update(Json.write(parameters));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(Map<String, AttributeValue> lastKey, String fingerprint) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("f", fingerprint);
        token.put("k", lastKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(token));
    }

    /** The key a token starts after; ValidationException when it is not a token of this statement. */
    public static Map<String, AttributeValue> decode(String token, String fingerprint) {
        try {
            if (Json.parse(Base64.getUrlDecoder().decode(token)) instanceof Map<?, ?> tree
                    && fingerprint.equals(tree.get("f")) && tree.get("k") instanceof Map<?, ?> key) {
                return AttributeValues.item(key);
            }
        } catch (IllegalArgumentException | DynamoException e) {
            // Not base64, not JSON, or not attribute values: not one of ours.
        }
        throw PartiQlErrors.validation(PartiQlErrors.INVALID_NEXT_TOKEN);
    }
}
