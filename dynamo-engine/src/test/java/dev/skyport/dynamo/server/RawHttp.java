package dev.skyport.dynamo.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a browser or an attacker sends and JDK clients refuse to
 * (any {@code Host}, {@code Origin}, preflights).
 */
public final class RawHttp {

    static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc";

    /** A status line's code, the headers (names in lower case) and the body. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /** One request; {@code headers} alternate names and values, and each is sent as given. */
    public static Answer send(int port, String method, String body, String... headers) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(" / HTTP/1.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** A DynamoDB call with the headers the SDK sends, plus {@code more}. */
    public static Answer call(int port, String operation, String json, String... more) throws IOException {
        String[] headers = new String[8 + more.length];
        headers[0] = "Content-Type";
        headers[1] = "application/x-amz-json-1.0";
        headers[2] = "X-Amz-Target";
        headers[3] = "DynamoDB_20120810." + operation;
        headers[4] = "Authorization";
        headers[5] = AUTH;
        headers[6] = "X-Amz-Date";
        headers[7] = "20261125T220000Z";
        System.arraycopy(more, 0, headers, 8, more.length);
        return send(port, "POST", json, headers);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }
}
