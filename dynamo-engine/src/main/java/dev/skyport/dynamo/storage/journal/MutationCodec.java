package dev.skyport.dynamo.storage.journal;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.Mutation;
import dev.skyport.dynamo.stream.StreamRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The payload of one journal record: a count, then each mutation as a tag byte and its fields.
 * Snapshots use two more tags: an item of the table defined last in the file, and the end marker; and
 * they hold stream state as stream mutations, with the same tags as in logs.
 *
 * <p>A stream record's new image is most often the item of the latest {@code PutItem} before it in the
 * same journal record (the change that made it); it is then written as a flag instead of a second copy.
 */
public final class MutationCodec {

    public static final int DEFINE_TABLE = 1;
    public static final int DROP_TABLE = 2;
    public static final int PUT_ITEM = 3;
    public static final int DELETE_ITEM = 4;
    /** Snapshot only: an item of the table most recently defined in the snapshot. */
    public static final int TABLE_ITEM = 5;
    /** Snapshot only: the end, with the number of tables and items (and, since streams, of stream entries). */
    public static final int END = 6;
    public static final int STREAM_CREATED = 7;
    public static final int SHARD_OPENED = 8;
    public static final int SHARD_CLOSED = 9;
    public static final int STREAM_RECORD = 10;
    public static final int STREAM_DISABLED = 11;
    public static final int STREAM_SEQUENCE = 12;

    private static final int INSERT = 1;
    private static final int MODIFY = 2;
    private static final int REMOVE = 3;
    private static final int OTHER_EVENT = 0;

    private static final int BY_SERVICE = 1;
    private static final int OLD_IMAGE = 2;
    private static final int NEW_IMAGE = 4;
    /** The new image is the item of the latest PutItem before it in the same record. */
    private static final int NEW_IMAGE_PUT = 8;

    private MutationCodec() {
    }

    /** Writes a record payload holding {@code mutations}. */
    public static void writeRecord(ByteSink out, List<Mutation> mutations) {
        out.writeVarInt(mutations.size());
        Map<String, AttributeValue> lastPut = null;
        for (Mutation m : mutations) {
            write(out, m, lastPut);
            if (m instanceof Mutation.PutItem put) {
                lastPut = put.item();
            }
        }
    }

    /** Writes one mutation on its own (as snapshots hold stream state). */
    public static void write(ByteSink out, Mutation mutation) {
        write(out, mutation, null);
    }

    private static void write(ByteSink out, Mutation mutation, Map<String, AttributeValue> lastPut) {
        switch (mutation) {
            case Mutation.DefineTable m -> {
                out.writeByte(DEFINE_TABLE);
                out.writeBytes(DefinitionCodec.encode(m.definition()));
            }
            case Mutation.DropTable m -> {
                out.writeByte(DROP_TABLE);
                out.writeString(m.tableName());
            }
            case Mutation.PutItem m -> {
                out.writeByte(PUT_ITEM);
                out.writeString(m.tableName());
                ItemCodec.writeItem(out, m.item());
            }
            case Mutation.DeleteItem m -> {
                out.writeByte(DELETE_ITEM);
                out.writeString(m.tableName());
                ItemCodec.writeItem(out, m.key());
            }
            case Mutation.StreamCreated m -> {
                out.writeByte(STREAM_CREATED);
                out.writeString(m.streamArn());
                out.writeString(m.tableName());
                out.writeString(m.label());
                out.writeString(m.viewType());
                out.writeString(m.key().hashName());
                out.writeString(m.key().hashType());
                writeOptional(out, m.key().rangeName());
                writeOptional(out, m.key().rangeType());
                out.writeLong(m.createdMillis());
            }
            case Mutation.ShardOpened m -> {
                out.writeByte(SHARD_OPENED);
                out.writeString(m.streamArn());
                out.writeString(m.shardId());
                writeOptional(out, m.parentShardId());
                writeNumber(out, m.startingSequence());
                out.writeLong(m.createdMillis());
            }
            case Mutation.ShardClosed m -> {
                out.writeByte(SHARD_CLOSED);
                out.writeString(m.streamArn());
                out.writeString(m.shardId());
                writeNumber(out, m.endingSequence());
            }
            case Mutation.StreamRecordAdded m -> {
                out.writeByte(STREAM_RECORD);
                out.writeString(m.streamArn());
                out.writeString(m.shardId());
                writeStreamRecord(out, m.record(), lastPut);
            }
            case Mutation.StreamDisabled m -> {
                out.writeByte(STREAM_DISABLED);
                out.writeString(m.streamArn());
                out.writeLong(m.disabledMillis());
            }
            case Mutation.StreamSequence m -> {
                out.writeByte(STREAM_SEQUENCE);
                writeNumber(out, m.lastIssued());
            }
        }
    }

    private static void writeStreamRecord(ByteSink out, StreamRecord r, Map<String, AttributeValue> lastPut) {
        writeNumber(out, r.sequence());
        out.writeString(r.eventId());
        int event = switch (r.eventName()) {
            case "INSERT" -> INSERT;
            case "MODIFY" -> MODIFY;
            case "REMOVE" -> REMOVE;
            default -> OTHER_EVENT;
        };
        out.writeByte(event);
        if (event == OTHER_EVENT) {
            out.writeString(r.eventName());
        }
        out.writeLong(r.createdMillis());
        out.writeLong(r.sizeBytes());
        boolean shared = r.newImage() != null && r.newImage() == lastPut;
        int flags = (r.byService() ? BY_SERVICE : 0) | (r.oldImage() != null ? OLD_IMAGE : 0)
                | (r.newImage() != null ? (shared ? NEW_IMAGE_PUT : NEW_IMAGE) : 0);
        out.writeByte(flags);
        ItemCodec.writeItem(out, r.keys());
        if (r.oldImage() != null) {
            ItemCodec.writeItem(out, r.oldImage());
        }
        if (r.newImage() != null && !shared) {
            ItemCodec.writeItem(out, r.newImage());
        }
    }

    /** Reads a whole record payload written by {@link #writeRecord}. */
    public static List<Mutation> readRecord(ByteSource in) {
        int n = in.readCount();
        List<Mutation> mutations = new ArrayList<>(n);
        Map<String, AttributeValue> lastPut = null;
        for (int i = 0; i < n; i++) {
            Mutation m = read(in.readByte(), in, lastPut);
            mutations.add(m);
            if (m instanceof Mutation.PutItem put) {
                lastPut = put.item();
            }
        }
        if (in.hasMore()) {
            throw new CorruptDataException("trailing bytes in record");
        }
        return mutations;
    }

    /** Reads one mutation written by {@link #write(ByteSink, Mutation)}. */
    public static Mutation read(ByteSource in) {
        return read(in.readByte(), in, null);
    }

    /** Whether {@code tag} starts a stream mutation (snapshots hold those among their entries). */
    public static boolean isStreamTag(int tag) {
        return tag >= STREAM_CREATED && tag <= STREAM_SEQUENCE;
    }

    /** Reads the rest of a mutation whose tag was read already. */
    public static Mutation read(int tag, ByteSource in) {
        return read(tag, in, null);
    }

    private static Mutation read(int tag, ByteSource in, Map<String, AttributeValue> lastPut) {
        return switch (tag) {
            case DEFINE_TABLE -> new Mutation.DefineTable(DefinitionCodec.decode(in.readBytes()));
            case DROP_TABLE -> new Mutation.DropTable(in.readString());
            case PUT_ITEM -> new Mutation.PutItem(in.readString(), ItemCodec.readItem(in));
            case DELETE_ITEM -> new Mutation.DeleteItem(in.readString(), ItemCodec.readItem(in));
            case STREAM_CREATED -> new Mutation.StreamCreated(in.readString(), in.readString(), in.readString(),
                    in.readString(), new KeySchema(in.readString(), in.readString(), readOptional(in),
                    readOptional(in)), in.readLong());
            case SHARD_OPENED -> new Mutation.ShardOpened(in.readString(), in.readString(), readOptional(in),
                    readNumber(in), in.readLong());
            case SHARD_CLOSED -> new Mutation.ShardClosed(in.readString(), in.readString(), readNumber(in));
            case STREAM_RECORD -> new Mutation.StreamRecordAdded(in.readString(), in.readString(),
                    readStreamRecord(in, lastPut));
            case STREAM_DISABLED -> new Mutation.StreamDisabled(in.readString(), in.readLong());
            case STREAM_SEQUENCE -> new Mutation.StreamSequence(readNumber(in));
            default -> throw new CorruptDataException("unknown mutation tag " + tag);
        };
    }

    private static StreamRecord readStreamRecord(ByteSource in, Map<String, AttributeValue> lastPut) {
        BigInteger sequence = readNumber(in);
        String eventId = in.readString();
        int event = in.readByte();
        String eventName = switch (event) {
            case INSERT -> "INSERT";
            case MODIFY -> "MODIFY";
            case REMOVE -> "REMOVE";
            case OTHER_EVENT -> in.readString();
            default -> throw new CorruptDataException("unknown stream event " + event);
        };
        long createdMillis = in.readLong();
        long sizeBytes = in.readLong();
        int flags = in.readByte();
        if ((flags & ~(BY_SERVICE | OLD_IMAGE | NEW_IMAGE | NEW_IMAGE_PUT)) != 0
                || (flags & (NEW_IMAGE | NEW_IMAGE_PUT)) == (NEW_IMAGE | NEW_IMAGE_PUT)) {
            throw new CorruptDataException("bad stream record flags " + flags);
        }
        Map<String, AttributeValue> keys = ItemCodec.readItem(in);
        Map<String, AttributeValue> oldImage = (flags & OLD_IMAGE) != 0 ? ItemCodec.readItem(in) : null;
        Map<String, AttributeValue> newImage = null;
        if ((flags & NEW_IMAGE) != 0) {
            newImage = ItemCodec.readItem(in);
        } else if ((flags & NEW_IMAGE_PUT) != 0) {
            if (lastPut == null) {
                throw new CorruptDataException("stream record refers to a missing put");
            }
            newImage = lastPut;
        }
        return new StreamRecord(sequence, eventId, eventName, createdMillis, keys, oldImage, newImage, sizeBytes,
                (flags & BY_SERVICE) != 0);
    }

    private static void writeOptional(ByteSink out, String s) {
        if (s == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            out.writeString(s);
        }
    }

    private static String readOptional(ByteSource in) {
        int present = in.readByte();
        return switch (present) {
            case 0 -> null;
            case 1 -> in.readString();
            default -> throw new CorruptDataException("bad optional marker " + present);
        };
    }

    private static void writeNumber(ByteSink out, BigInteger n) {
        out.writeBytes(n.toByteArray());
    }

    private static BigInteger readNumber(ByteSource in) {
        byte[] bytes = in.readBytes();
        if (bytes.length == 0) {
            throw new CorruptDataException("empty number");
        }
        return new BigInteger(bytes);
    }
}
