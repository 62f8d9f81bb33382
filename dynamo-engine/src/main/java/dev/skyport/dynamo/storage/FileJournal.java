package dev.skyport.dynamo.storage;

import java.nio.file.Path;

/** Placeholder until the journal lands; see the durability work. */
public final class FileJournal {

    private FileJournal() {
    }

    public static Journal open(Path directory) {
        throw new UnsupportedOperationException("data directory not supported yet");
    }
}
