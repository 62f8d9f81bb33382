package dev.skyport.dynamo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.DynamoException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    static HttpHeaders headers(String authorization) {
        return new DefaultHttpHeaders().set("Authorization", authorization).set("X-Amz-Date", "20261125T220000Z");
    }

    @Test
    void acceptsAnyCompleteSigV4HeaderAndReadsTheRegionFromTheCredentialScope() {
        HttpHeaders h = headers("AWS4-HMAC-SHA256 Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc");
        assertThat(Signatures.check(h, Map.of())).isNull();
        assertThat(Signatures.region(h)).isEqualTo("eu-west-1");
    }

    @Test
    void namesEveryMissingParameterAsTheServiceDoes() {
        String auth = "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request";
        DynamoException e = Signatures.check(headers(auth), Map.of());
        assertThat(e.type()).isEqualTo("com.amazon.coral.service#IncompleteSignatureException");
        assertThat(e.getMessage()).isEqualTo("Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization=" + auth);
    }

    @Test
    void aHeaderThatIsNotSigV4IsAMissingToken() {
        DynamoException e = Signatures.check(headers("Basic abc"), Map.of());
        assertThat(e.type()).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
        assertThat(Signatures.region(headers("Basic abc"))).isNull();
    }
}
