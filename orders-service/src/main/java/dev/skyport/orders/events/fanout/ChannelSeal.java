package dev.skyport.orders.events.fanout;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the records on the replicas' Redis channel with AES-256-GCM: whoever can read Redis (often less guarded
 * than the services) sees no order (customer ids, addresses), and whoever can write to it cannot make the
 * replicas push an event of their own making. The key is derived from the service's cursor secret
 * (SKYPORT_CURSOR_SECRET, the same on every replica) with HMAC-SHA256 under a label of its own, so neither key
 * tells anything of the other. The channel name is authenticated too: a message is only good on its channel.
 */
public final class ChannelSeal {

    private static final String LABEL = "skyport orders-service stream fan-out v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final byte[] channel;
    private final SecureRandom random = new SecureRandom();

    public ChannelSeal(String secret, String channel) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            this.key = new SecretKeySpec(hmac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
    }

    /** base64(nonce | ciphertext | tag) of the UTF-8 text. */
    public String seal(String text) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(channel);
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text a message sealed on this channel with this key carries; anything else is an IllegalArgumentException. */
    public byte[] open(byte[] message) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("too short to be sealed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(channel);
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("not sealed with this replica set's key for this channel");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
