package dev.skyport.dynamo.stream;

import dev.skyport.dynamo.model.DynamoException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import java.util.zip.CRC32;

/**
 * Shard iterators: opaque strings naming a stream, a shard and a position, valid for 15 minutes as on
 * the service. They carry a checksum so a mangled iterator is told apart from an expired one.
 */
public final class ShardIterators {

    /** How long an iterator may be used after it was issued. */
    public static final long VALIDITY_MILLIS = 15 * 60 * 1000;

    /** A decoded iterator: where to read next. */
    public record Position(String streamArn, String shardId, BigInteger sequence, long issuedMillis) {
    }

    private ShardIterators() {
    }

    public static String encode(String streamArn, String shardId, BigInteger sequence, long issuedMillis) {
        String body = streamArn + "|" + shardId + "|" + sequence + "|" + issuedMillis;
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return streamArn + "|1|" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((body + "|" + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.UTF_8));
    }

    public static Position decode(String iterator, long nowMillis) {
        int marker = iterator.lastIndexOf("|1|");
        if (marker < 0) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(iterator.substring(marker + 3)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int lastBar = text.lastIndexOf('|');
        if (lastBar < 0) {
            throw invalid();
        }
        String body = text.substring(0, lastBar);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        String[] parts = body.split("\\|");
        if (!Long.toHexString(crc.getValue()).equals(text.substring(lastBar + 1)) || parts.length != 4
                || !parts[0].equals(iterator.substring(0, marker))) {
            throw invalid();
        }
        long issued = Long.parseLong(parts[3]);
        if (nowMillis - issued > VALIDITY_MILLIS) {
            throw DynamoException.dynamo("ExpiredIteratorException", "Iterator expired. The iterator was created at "
                    + "time " + date(issued) + " while right now it is " + date(nowMillis) + " which is further in "
                    + "future than the tolerated delay of " + VALIDITY_MILLIS + " milliseconds.");
        }
        return new Position(parts[0], parts[1], new BigInteger(parts[2]), issued);
    }

    private static DynamoException invalid() {
        return DynamoException.validation("Invalid ShardIterator");
    }

    private static String date(long millis) {
        SimpleDateFormat format = new SimpleDateFormat("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(new Date(millis));
    }
}
