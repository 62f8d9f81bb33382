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

    private static final List<String> PARAMS = List.of("Credential", "Signature", "SignedHeaders");

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
            for (String param : PARAMS) {
                if (!hasValue(auth, param)) {
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
        String credential = auth == null ? null : value(auth, "Credential");
        if (credential == null) {
            return null;
        }
        // Credential=AKID/DATE/REGION/SERVICE/aws4_request
        int first = credential.indexOf('/');
        int second = first < 0 ? -1 : credential.indexOf('/', first + 1);
        int third = second < 0 ? -1 : credential.indexOf('/', second + 1);
        return third < 0 ? null : credential.substring(second + 1, third);
    }

    /**
     * The access key id the request is signed with ({@code Credential=AKID/...} in the header, or the
     * {@code X-Amz-Credential} query parameter of a presigned request), or null.
     */
    static String accessKeyId(HttpHeaders headers, Map<String, List<String>> query) {
        String auth = headers.get("Authorization");
        String credential = auth != null ? value(auth, "Credential") : null;
        if (credential == null) {
            List<String> values = query.get("X-Amz-Credential");
            credential = values == null || values.isEmpty() ? null : values.getFirst();
        }
        if (credential == null) {
            return null;
        }
        int slash = credential.indexOf('/');
        return slash < 0 ? credential : credential.substring(0, slash);
    }

    private static boolean hasValue(String auth, String param) {
        String v = value(auth, param);
        return v != null && !v.isEmpty();
    }

    /**
     * The value of {@code name=} among the header's comma- or space-separated parameters (after the
     * algorithm), or null. Hand-parsed because it runs on every request and a regex split showed up
     * in profiles.
     */
    private static String value(String auth, String name) {
        int i = auth.indexOf(' ');
        while (i >= 0 && i < auth.length()) {
            while (i < auth.length() && (auth.charAt(i) == ' ' || auth.charAt(i) == ',')) {
                i++;
            }
            int end = i;
            while (end < auth.length() && auth.charAt(end) != ' ' && auth.charAt(end) != ',') {
                end++;
            }
            if (end > i && auth.startsWith(name, i) && i + name.length() < end && auth.charAt(i + name.length()) == '=') {
                return auth.substring(i + name.length() + 1, end);
            }
            if (end == i) {
                break;
            }
            i = end;
        }
        return null;
    }
}
