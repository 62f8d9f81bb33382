package dev.skyport.dynamo.storage.journal;

import java.util.Arrays;

/**
 * A growable byte buffer the journal encodes records into. Strings are written as a length-prefixed
 * variant of UTF-8 that also keeps lone surrogates (each UTF-16 unit of a surrogate pair or a lone
 * surrogate takes three bytes, as in Java's modified UTF-8), so every Java string round-trips exactly.
 */
public final class ByteSink {

    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    /** Drops everything written after {@code newSize}. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("bad size " + newSize);
        }
        size = newSize;
    }

    /** Frees a buffer that grew large for one big batch. */
    public void shrinkTo(int capacity) {
        if (buf.length > capacity && size <= capacity) {
            buf = Arrays.copyOf(buf, capacity);
        }
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("record too large");
        }
        if (needed > buf.length) {
            int grown = buf.length < (1 << 29) ? buf.length << 1 : Integer.MAX_VALUE - 16;
            buf = Arrays.copyOf(buf, Math.max(grown, needed));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeInt(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    public void writeLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (i * 8));
        }
    }

    /** Overwrites 4 bytes at {@code position} (big-endian). */
    public void putInt(int position, int v) {
        buf[position] = (byte) (v >>> 24);
        buf[position + 1] = (byte) (v >>> 16);
        buf[position + 2] = (byte) (v >>> 8);
        buf[position + 3] = (byte) v;
    }

    /** An unsigned LEB128 varint (non-negative values). */
    public void writeVarInt(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative length " + v);
        }
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void writeBytes(byte[] bytes) {
        writeVarInt(bytes.length);
        writeRaw(bytes, 0, bytes.length);
    }

    public void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    /** A non-null string: its encoded length, then the bytes. */
    public void writeString(String s) {
        int n = s.length();
        int encoded = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                encoded += c < 0x800 ? 1 : 2;
            }
        }
        writeVarInt(encoded);
        ensure(encoded);
        byte[] b = buf;
        int p = size;
        if (encoded == n) {
            for (int i = 0; i < n; i++) {
                b[p++] = (byte) s.charAt(i);
            }
        } else {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
        size = p;
    }
}
