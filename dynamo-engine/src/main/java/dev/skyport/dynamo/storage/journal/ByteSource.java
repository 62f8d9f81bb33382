package dev.skyport.dynamo.storage.journal;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteSink} wrote; any inconsistency throws {@link CorruptDataException}. */
public final class ByteSource {

    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteSource(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public ByteSource(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new CorruptDataException("data ends early");
        }
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public int readVarInt() {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0) {
                    throw new CorruptDataException("bad length");
                }
                return result;
            }
        }
        throw new CorruptDataException("bad varint");
    }

    /** A count that cannot exceed the bytes left (every element takes at least one byte). */
    public int readCount() {
        int n = readVarInt();
        if (n > remaining()) {
            throw new CorruptDataException("count " + n + " exceeds data");
        }
        return n;
    }

    public byte[] readBytes() {
        int n = readVarInt();
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String readString() {
        int n = readVarInt();
        need(n);
        int start = pos;
        int stop = start + n;
        byte[] b = buf;
        boolean ascii = true;
        for (int i = start; i < stop; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        pos = stop;
        if (ascii) {
            return new String(b, start, n, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[n];
        int c = 0;
        int i = start;
        while (i < stop) {
            int x = b[i] & 0xFF;
            if (x < 0x80) {
                chars[c++] = (char) x;
                i++;
            } else if ((x & 0xE0) == 0xC0) {
                if (i + 1 >= stop) {
                    throw new CorruptDataException("bad string");
                }
                chars[c++] = (char) (((x & 0x1F) << 6) | (b[i + 1] & 0x3F));
                i += 2;
            } else if ((x & 0xF0) == 0xE0) {
                if (i + 2 >= stop) {
                    throw new CorruptDataException("bad string");
                }
                chars[c++] = (char) (((x & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                i += 3;
            } else {
                throw new CorruptDataException("bad string");
            }
        }
        return new String(chars, 0, c);
    }
}
