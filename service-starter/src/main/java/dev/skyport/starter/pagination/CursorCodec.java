package dev.skyport.starter.pagination;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque pagination cursors: {@code base64url(LastEvaluatedKey) "." base64url(HMAC-SHA256)}. The MAC covers the
 * key and a binding string describing the query (table, index, partition value, conditions), so a cursor can be
 * neither forged nor replayed on another query; any mismatch is an {@link InvalidCursorException}.
 */
public final class CursorCodec {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 20;
    private static final int MAX_CURSOR_LENGTH = 4096;
    private static final byte VERSION = 1;

    private final SecretKeySpec key;

    public CursorCodec(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("skyport.pagination.cursor-secret (SKYPORT_CURSOR_SECRET) must be set");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The cursor for a LastEvaluatedKey, or null when there is no next page. */
    public String encode(Map<String, AttributeValue> lastEvaluatedKey, String binding) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        byte[] payload = serialize(lastEvaluatedKey);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload, binding));
    }

    /** The ExclusiveStartKey for a cursor (null for a null/blank cursor). */
    public Map<String, AttributeValue> decode(String cursor, String binding) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw new InvalidCursorException();
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw new InvalidCursorException();
        }
        try {
            byte[] payload = canonicalDecode(cursor.substring(0, dot));
            byte[] mac = canonicalDecode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload, binding))) {
                throw new InvalidCursorException();
            }
            return deserialize(payload);
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidCursorException();
        }
    }

    /**
     * One cursor, one spelling: the decoder ignores a last character's padding bits (and accepts '=' padding), so
     * several strings decode to the same bytes; only the one this codec writes is accepted.
     */
    private static byte[] canonicalDecode(String part) {
        byte[] bytes = DECODER.decode(part);
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new IllegalArgumentException("non-canonical base64url");
        }
        return bytes;
    }

    private byte[] mac(byte[] payload, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((binding == null ? "" : binding).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] full = mac.doFinal(payload);
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] serialize(Map<String, AttributeValue> key) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            Map<String, AttributeValue> sorted = new TreeMap<>(key);
            out.writeShort(sorted.size());
            for (Map.Entry<String, AttributeValue> entry : sorted.entrySet()) {
                out.writeUTF(entry.getKey());
                AttributeValue value = entry.getValue();
                if (value.s() != null) {
                    out.writeByte('S');
                    writeBytes(out, value.s().getBytes(StandardCharsets.UTF_8));
                } else if (value.n() != null) {
                    out.writeByte('N');
                    writeBytes(out, value.n().getBytes(StandardCharsets.UTF_8));
                } else if (value.b() != null) {
                    out.writeByte('B');
                    writeBytes(out, value.b().asByteArray());
                } else {
                    throw new IllegalArgumentException("key attribute " + entry.getKey() + " is not S, N or B");
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AttributeValue> deserialize(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        if (in.readByte() != VERSION) {
            throw new IOException("unknown cursor version");
        }
        int count = in.readUnsignedShort();
        if (count == 0 || count > 4) {
            throw new IOException("bad key size");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int type = in.readByte();
            byte[] value = readBytes(in);
            key.put(name, switch (type) {
                case 'S' -> AttributeValue.fromS(new String(value, StandardCharsets.UTF_8));
                case 'N' -> AttributeValue.fromN(new String(value, StandardCharsets.UTF_8));
                case 'B' -> AttributeValue.fromB(SdkBytes.fromByteArray(value));
                default -> throw new IOException("bad type");
            });
        }
        if (in.available() > 0) {
            throw new IOException("trailing bytes");
        }
        return key;
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeShort(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("truncated");
        }
        return bytes;
    }
}
