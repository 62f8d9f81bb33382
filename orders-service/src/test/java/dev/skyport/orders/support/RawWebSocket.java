package dev.skyport.orders.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for the clients the JDK's cannot play: one that stops reading
 * (a slow consumer, with a small receive buffer so the server feels it at once) and one that never
 * answers pings (idle). Server frames are unmasked; this reads them one by one.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** One frame; {@code fin} is false on all but the last frame of a fragmented message. */
    public record Frame(int opcode, byte[] payload, boolean fin) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    public RawWebSocket(int port, String path, String token, int receiveBufferSize) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferSize);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + status);
        }
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            headers.append((char) b);
        }
        return headers.substring(0, headers.indexOf("\r\n"));
    }

    /** The next frame from the server. */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload, (first & 0x80) != 0);
    }

    /** The next text message, its fragments joined (pings, which this client never answers, skipped). */
    public String readText() throws IOException {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        boolean inText = false;
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 0x9) {
                continue;
            }
            if (frame.opcode() == 0x8) {
                throw new IOException("closed by the server with " + frame.closeCode() + " " + frame.text());
            }
            if (frame.opcode() != (inText ? 0x0 : 0x1)) {
                throw new IOException("unexpected frame opcode " + frame.opcode());
            }
            inText = true;
            text.write(frame.payload());
            if (frame.fin()) {
                return text.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Frames until a close frame, which is returned (text and ping frames before it are skipped). */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
