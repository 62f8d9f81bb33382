package dev.skyport.dynamo.server;

import dev.skyport.dynamo.model.DynamoException;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * The service's checks on request authentication, without verifying signatures: any SigV4
 * signature, from any credentials, is accepted; a missing or incomplete one gets the service's error.
 */
final class Signatures {

    private Signatures() {
    }

    static DynamoException check(HttpHeaders headers, Map<String, List<String>> query) {
        String auth = headers.get("Authorization");
        boolean authQuery = query.containsKey("X-Amz-Algorithm");
        if (auth != null && authQuery) {
            return new DynamoException(400, DynamoException.SERVICE + "InvalidSignatureException",
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        if ((auth == null && !authQuery) || (auth != null && !auth.strip().startsWith("AWS4-"))) {
            return new DynamoException(400, DynamoException.SERVICE + "MissingAuthenticationTokenException",
                    "Request is missing Authentication Token");
        }
        StringBuilder msg = new StringBuilder();
        if (auth != null) {
            String[] parts = auth.strip().split("[, ]+");
            for (String param : List.of("Credential", "Signature", "SignedHeaders")) {
                boolean found = false;
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    if (eq > 0 && parts[i].substring(0, eq).equals(param) && eq < parts[i].length() - 1) {
                        found = true;
                    }
                }
                if (!found) {
                    msg.append("Authorization header requires '").append(param).append("' parameter. ");
                }
            }
            if (headers.get("X-Amz-Date") == null && headers.get("Date") == null) {
                msg.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            if (!msg.isEmpty()) {
                msg.append("Authorization=").append(auth);
            }
        } else {
            for (String param : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                    "X-Amz-SignedHeaders", "X-Amz-Date")) {
                List<String> values = query.get(param);
                if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
                    msg.append("AWS query-string parameters must include '").append(param).append("'. ");
                }
            }
            if (!msg.isEmpty()) {
                msg.append("Re-examine the query-string parameters.");
            }
        }
        if (!msg.isEmpty()) {
            return new DynamoException(400, DynamoException.SERVICE + "IncompleteSignatureException", msg.toString());
        }
        return null;
    }

    /** The region in the credential scope ({@code Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request}). */
    static String region(HttpHeaders headers) {
        String auth = headers.get("Authorization");
        if (auth == null) {
            return null;
        }
        int i = auth.indexOf("Credential=");
        if (i < 0) {
            return null;
        }
        String[] scope = auth.substring(i + "Credential=".length()).split("[, ]")[0].split("/");
        return scope.length >= 5 ? scope[2] : null;
    }
}
