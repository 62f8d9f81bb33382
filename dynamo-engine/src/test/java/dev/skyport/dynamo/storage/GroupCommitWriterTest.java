package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.storage.JournalFixtures.fileNames;
import static dev.skyport.dynamo.storage.JournalFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.storage.journal.JournalFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread on its own: what it accepts when, where a write lands, and when it calls for compaction. */
class GroupCommitWriterTest {

    @TempDir
    Path dir;

    private static final List<Mutation> WRITE = List.of(new Mutation.PutItem("t", item("a")));

    @Test
    void refusesWritesUntilStartedAndAfterClosing() throws Exception {
        GroupCommitWriter writer = new GroupCommitWriter(dir, Long.MAX_VALUE, () -> {
        });
        assertThatThrownBy(() -> writer.append(WRITE).join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("has not been replayed yet");

        writer.start(1);
        writer.append(WRITE).join();
        writer.close();

        assertThatThrownBy(() -> writer.append(WRITE).join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void rotatingSendsLaterWritesToTheNewLogAndLeavesTheOldOneAsItWas() throws Exception {
        GroupCommitWriter writer = new GroupCommitWriter(dir, Long.MAX_VALUE, () -> {
        });
        writer.start(1);
        writer.append(WRITE).join();
        writer.rotate(2).join();
        Path first = dir.resolve(JournalFiles.logName(1));
        Path second = dir.resolve(JournalFiles.logName(2));
        long firstSize = Files.size(first);
        assertThat(Files.size(second)).isEqualTo(JournalFiles.HEADER_BYTES);

        writer.append(WRITE).join();
        writer.close();

        assertThat(Files.size(first)).isEqualTo(firstSize);
        assertThat(Files.size(second)).isGreaterThan(JournalFiles.HEADER_BYTES);
        assertThat(fileNames(dir)).containsExactly(JournalFiles.logName(1), JournalFiles.logName(2));
    }

    @Test
    void callsForCompactionOnceAWriteTakesTheLogPastItsSize() throws Exception {
        CompletableFuture<Void> full = new CompletableFuture<>();
        GroupCommitWriter small = new GroupCommitWriter(dir, JournalFiles.HEADER_BYTES + 1, () -> full.complete(null));
        small.start(1);
        small.flush().join();
        assertThat(full).isNotDone();

        small.append(WRITE).join();
        small.close();

        assertThat(full).isDone();
    }
}
