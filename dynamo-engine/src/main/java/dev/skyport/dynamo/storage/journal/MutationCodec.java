package dev.skyport.dynamo.storage.journal;

import dev.skyport.dynamo.storage.Mutation;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one journal record: a count, then each mutation as a tag byte and its fields.
 * Snapshots use two more tags: an item of the table defined last in the file, and the end marker.
 */
public final class MutationCodec {

    public static final int DEFINE_TABLE = 1;
    public static final int DROP_TABLE = 2;
    public static final int PUT_ITEM = 3;
    public static final int DELETE_ITEM = 4;
    /** Snapshot only: an item of the table most recently defined in the snapshot. */
    public static final int TABLE_ITEM = 5;
    /** Snapshot only: the end, with the number of tables and items written. */
    public static final int END = 6;

    private MutationCodec() {
    }

    /** Writes a record payload holding {@code mutations}. */
    public static void writeRecord(ByteSink out, List<Mutation> mutations) {
        out.writeVarInt(mutations.size());
        for (Mutation m : mutations) {
            write(out, m);
        }
    }

    public static void write(ByteSink out, Mutation mutation) {
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
        }
    }

    /** Reads a whole record payload written by {@link #writeRecord}. */
    public static List<Mutation> readRecord(ByteSource in) {
        int n = in.readCount();
        List<Mutation> mutations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mutations.add(read(in));
        }
        if (in.hasMore()) {
            throw new CorruptDataException("trailing bytes in record");
        }
        return mutations;
    }

    public static Mutation read(ByteSource in) {
        int tag = in.readByte();
        return switch (tag) {
            case DEFINE_TABLE -> new Mutation.DefineTable(DefinitionCodec.decode(in.readBytes()));
            case DROP_TABLE -> new Mutation.DropTable(in.readString());
            case PUT_ITEM -> new Mutation.PutItem(in.readString(), ItemCodec.readItem(in));
            case DELETE_ITEM -> new Mutation.DeleteItem(in.readString(), ItemCodec.readItem(in));
            default -> throw new CorruptDataException("unknown mutation tag " + tag);
        };
    }
}
