package dev.skyport.gateway.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a WebSocket ticket leaves in the store, and how only the ticket's holder gets the access token back.
 *
 * <p>The ticket is 32 random bytes that only the client holds. Two keys are derived from it (HMAC-SHA256 of the
 * ticket over two fixed labels; the ticket is already uniformly random, so this is HKDF's expand step): one
 * names the store entry, the other encrypts the access token (AES-256-GCM, user id, scopes and expiry bound as
 * associated data). The store therefore holds the user id, scopes, expiry and a ciphertext it cannot open: a
 * dump of Redis yields neither a usable ticket nor any part of a token. The token is kept (encrypted) because
 * the gateway relays it on the upgrade, so that orders-service validates it again (zero trust).
 */
final class TicketSeal {

    static final int TICKET_BYTES = 32;
    private static final byte[] ID_LABEL = "skyport ws ticket id v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_LABEL = "skyport ws ticket key v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private TicketSeal() {
    }

    /** What the handshake needs; {@code accessToken} exists only after the ticket opened it. */
    record Contents(String userId, List<String> scopes, Instant expiresAt, String accessToken) {
    }

    /** The ticket's 32 bytes, or empty if the text is not a ticket at all (then nothing is looked up). */
    static Optional<byte[]> parse(String ticket) {
        if (ticket == null || ticket.length() != 43) {
            return Optional.empty();
        }
        try {
            return Optional.of(UNB64.decode(ticket));
        }
        catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    static String text(byte[] ticket) {
        return B64.encodeToString(ticket);
    }

    /** The store entry's name: derived from the ticket, so the store never sees the ticket itself. */
    static String id(byte[] ticket) {
        return HexFormat.of().formatHex(derive(ticket, ID_LABEL));
    }

    static String seal(byte[] ticket, Contents contents, SecureRandom random) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        String scopes = String.join(" ", contents.scopes());
        String head = "v1." + B64.encodeToString(contents.userId().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(scopes.getBytes(StandardCharsets.UTF_8)) + "." + contents.expiresAt().getEpochSecond();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derive(ticket, KEY_LABEL), "AES"),
                    new GCMParameterSpec(128, iv));
            cipher.updateAAD(head.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(contents.accessToken().getBytes(StandardCharsets.US_ASCII));
            return head + "." + B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
                    .array());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The contents, or empty if the value was not sealed under this ticket, was altered, or has expired. */
    static Optional<Contents> open(byte[] ticket, String value, Instant now) {
        String[] parts = value.split("\\.");
        if (parts.length != 5 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        try {
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (!now.isBefore(expiresAt)) {
                return Optional.empty();
            }
            String head = String.join(".", parts[0], parts[1], parts[2], parts[3]);
            byte[] ivAndSealed = UNB64.decode(parts[4]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derive(ticket, KEY_LABEL), "AES"),
                    new GCMParameterSpec(128, ivAndSealed, 0, 12));
            cipher.updateAAD(head.getBytes(StandardCharsets.US_ASCII));
            byte[] token = cipher.doFinal(ivAndSealed, 12, ivAndSealed.length - 12);
            String scopes = new String(UNB64.decode(parts[2]), StandardCharsets.UTF_8);
            return Optional.of(new Contents(new String(UNB64.decode(parts[1]), StandardCharsets.UTF_8),
                    scopes.isEmpty() ? List.of() : List.of(scopes.split(" ")), expiresAt,
                    new String(token, StandardCharsets.US_ASCII)));
        }
        catch (GeneralSecurityException | IllegalArgumentException tamperedOrForeign) {
            return Optional.empty();
        }
    }

    private static byte[] derive(byte[] ticket, byte[] label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ticket, "HmacSHA256"));
            return mac.doFinal(label);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
