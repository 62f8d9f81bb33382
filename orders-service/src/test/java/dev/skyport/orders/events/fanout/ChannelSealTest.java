package dev.skyport.orders.events.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChannelSealTest {

    private final ChannelSeal seal = new ChannelSeal("cursor-secret-of-this-environment", "skyport:prod-orders:stream");

    @Test
    void opensWhatItSealedAndShowsNothingOfIt() {
        String record = "{\"dynamodb\": {\"Keys\": {\"customerId\": {\"S\": \"user-42\"}}}}";

        String sealed = seal.seal(record);

        assertThat(sealed).doesNotContain("user-42").doesNotContain("customerId");
        assertThat(new String(seal.open(sealed.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8))
                .isEqualTo(record);
        assertThat(seal.seal(record)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void refusesWhatItDidNotSeal() {
        byte[] sealed = seal.seal("{\"eventName\": \"INSERT\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length / 2] ^= 1;
        byte[] tampered = Base64.getEncoder().encode(raw);
        byte[] otherKey = new ChannelSeal("another-secret", "skyport:prod-orders:stream").seal("{}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] otherChannel = new ChannelSeal("cursor-secret-of-this-environment", "skyport:dev-orders:stream")
                .seal("{}").getBytes(StandardCharsets.US_ASCII);

        for (byte[] bad : new byte[][] {tampered, otherKey, otherChannel, "{\"eventName\": \"INSERT\"}".getBytes(),
                "c2hvcnQ=".getBytes(), new byte[0]}) {
            assertThatThrownBy(() -> seal.open(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
