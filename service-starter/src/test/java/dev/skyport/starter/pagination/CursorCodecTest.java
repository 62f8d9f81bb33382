package dev.skyport.starter.pagination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("test-secret");
    private final Map<String, AttributeValue> key = Map.of("customerId", AttributeValue.fromS("c-1"),
            "orderId", AttributeValue.fromS("o-9"), "total", AttributeValue.fromN("12.5"),
            "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("b")));

    @Test
    void roundTripsTheLastEvaluatedKeyForTheSameQuery() {
        String cursor = codec.encode(key, "query|orders|c-1");
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(codec.decode(cursor, "query|orders|c-1")).isEqualTo(key);
    }

    @Test
    void noKeyMeansNoCursorAndNoCursorMeansTheFirstPage() {
        assertThat(codec.encode(null, "q")).isNull();
        assertThat(codec.encode(Map.of(), "q")).isNull();
        assertThat(codec.decode(null, "q")).isNull();
        assertThat(codec.decode(" ", "q")).isNull();
    }

    @Test
    void refusesACursorOfAnotherQuery() {
        String cursor = codec.encode(key, "query|orders|c-1");
        assertThatThrownBy(() -> codec.decode(cursor, "query|orders|c-2")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesATamperedPayloadOrSignature() {
        String cursor = codec.encode(Map.of("pk", AttributeValue.fromS("a")), "q");
        int dot = cursor.indexOf('.');
        byte[] payload = java.util.Base64.getUrlDecoder().decode(cursor.substring(0, dot));
        payload[payload.length - 1] ^= 1; // "a" becomes "`"
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + cursor.substring(dot);
        byte[] mac = java.util.Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
        mac[0] ^= 1;
        String badMac = cursor.substring(0, dot + 1) + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        for (String bad : new String[] {forged, badMac, "garbage", "a.b.c", ".", cursor + "xx", "!!.??"}) {
            assertThatThrownBy(() -> codec.decode(bad, "q")).as(bad).isInstanceOf(InvalidCursorException.class);
        }
    }

    @Test
    void refusesANonCanonicalEncodingOfTheSameBytes() {
        String cursor = codec.encode(key, "q");
        // The 20-byte MAC takes 27 characters: the last one carries 2 padding bits a lenient decoder ignores.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = cursor.charAt(cursor.length() - 1);
        String sameBytes = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.indexOf('.') + 1)))
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(cursor.substring(cursor.indexOf('.') + 1)));
        assertThatThrownBy(() -> codec.decode(sameBytes, "q")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> codec.decode(cursor + "=", "q")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void refusesACursorSignedWithAnotherSecret() {
        String cursor = new CursorCodec("other-secret").encode(key, "q");
        assertThatThrownBy(() -> codec.decode(cursor, "q")).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void pageRequestChecksTheLimit() {
        assertThat(PageRequest.of(null, "").limit()).isEqualTo(20);
        assertThat(PageRequest.of(null, "").cursor()).isNull();
        assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(dev.skyport.starter.problem.BadRequestException.class);
        assertThatThrownBy(() -> PageRequest.of(101, null)).isInstanceOf(dev.skyport.starter.problem.BadRequestException.class);
    }
}
