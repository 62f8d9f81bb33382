package dev.skyport.users.user;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors for the admin list: base64url(JSON of the LastEvaluatedKey) + "." + base64url(HMAC-SHA256
 * over the query binding and the payload). A cursor edited by hand, or one issued for another query (another
 * status filter), fails the check and is answered with 400.
 */
@Component
public class UserCursors {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final TypeReference<Map<String, String>> KEY_TYPE = new TypeReference<>() {
    };

    private final SecretKeySpec key;
    private final JsonMapper json = JsonMapper.shared();

    public UserCursors(@Value("${skyport.users.cursor-secret}") String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    String encode(Map<String, AttributeValue> lastEvaluatedKey, String binding) {
        Map<String, String> plain = new LinkedHashMap<>();
        // The users table's keys and the by-status index's keys are all strings.
        lastEvaluatedKey.forEach((name, value) -> plain.put(name, value.s()));
        byte[] payload = json.writeValueAsBytes(plain);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(binding, payload));
    }

    Map<String, AttributeValue> decode(String cursor, String binding) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 2048) {
            throw invalid();
        }
        try {
            byte[] payload = DECODER.decode(cursor.substring(0, dot));
            byte[] signature = DECODER.decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(binding, payload))) {
                throw invalid();
            }
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            json.readValue(payload, KEY_TYPE).forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
            return key;
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid();
        }
    }

    private byte[] sign(String binding, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(binding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static RuntimeException invalid() {
        return UserProblems.problem(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor",
                "The cursor is not one this service issued for this query; start again without a cursor.");
    }
}
