package dev.skyport.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;

/** The console's hand-off (logback-spring.xml): batched, in order, never dropping a line, written out on stop. */
class BatchingAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Recording written = new Recording();
    private BatchingAppender batching;

    private Logger logger(int queueSize, long flushMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        written.setContext(context);
        written.start();
        batching = new BatchingAppender();
        batching.setContext(context);
        batching.setName("test");
        batching.setQueueSize(queueSize);
        batching.setFlushMillis(flushMillis);
        batching.addAppender(written);
        batching.start();
        Logger logger = context.getLogger("batching-test");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(batching);
        return logger;
    }

    @AfterEach
    void stop() {
        written.release.countDown();
        if (batching != null) {
            batching.stop();
        }
        context.stop();
    }

    @Test
    void linesAreWrittenInOrderByTheWriterThreadNotTheLoggingThread() {
        Logger logger = logger(8192, 5);
        IntStream.range(0, 500).forEach(i -> logger.info("line {}", i));

        await().atMost(Duration.ofSeconds(10)).until(() -> written.messages.size() == 500);
        assertThat(written.messages)
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "line " + i).toList());
        assertThat(written.threads).allMatch(name -> name.equals("log-writer-test"));
    }

    @Test
    void theLoggingThreadDoesNotHandEachLineOverButStoppingWritesWhatIsQueued() {
        // A minute between writes: nothing is written until the queue is half full or the appender stops.
        Logger logger = logger(8192, 60_000);
        logger.info("first");
        logger.info("second");
        logger.info("third");
        assertThat(written.messages).isEmpty();

        batching.stop();

        assertThat(written.messages).containsExactly("first", "second", "third");
        assertThat(written.isStarted()).as("the console appender is stopped after the last line").isFalse();
    }

    @Test
    void halfAFullQueueWakesTheWriterEarly() {
        Logger logger = logger(8, 60_000);
        IntStream.range(0, 4).forEach(i -> logger.info("line {}", i));

        await().atMost(Duration.ofSeconds(10)).until(() -> written.messages.size() == 4);
    }

    @Test
    void aStalledConsoleMakesTheLoggingThreadWaitAndLosesNothing() throws Exception {
        Logger logger = logger(4, 1);
        written.blocked = true;
        Thread caller = Thread.ofPlatform()
                .start(() -> IntStream.range(0, 20).forEach(i -> logger.info("line {}", i)));

        // The writer is stuck on the first line it took; four more fill the queue and the caller waits for room.
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.TIMED_WAITING
                && written.messages.isEmpty());
        assertThat(caller.isAlive()).isTrue();

        written.release.countDown();
        caller.join(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> written.messages.size() == 20);
        assertThat(written.messages)
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "line " + i).toList());
    }

    /** The console stand-in: records each line and the thread that wrote it; can stall like a full pipe. */
    static final class Recording extends AppenderBase<ILoggingEvent> {

        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blocked;

        @Override
        protected void append(ILoggingEvent event) {
            if (blocked) {
                try {
                    release.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            messages.add(event.getFormattedMessage());
            threads.add(Thread.currentThread().getName());
        }
    }
}
