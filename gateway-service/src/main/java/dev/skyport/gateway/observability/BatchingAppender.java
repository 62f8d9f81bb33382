package dev.skyport.gateway.observability;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;

/**
 * Logback appender that queues events and has one background thread write them to its appenders every
 * {@code flushMillis} (logback-spring.xml). Logback's {@code AsyncAppender} wakes its writer for every event: at
 * gateway rates that was a thread switch per request on the event loop's core. Here the logging thread only adds the
 * event to a lock-free queue; the writer wakes on its own, or early when half of {@code queueSize} is waiting.
 * Nothing is dropped: when {@code queueSize} events are waiting (the console stalls), the logging thread waits for
 * room, and stopping the appender (Boot's shutdown hook) writes what is queued first.
 */
public class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private int queueSize = 8192;
    private long flushMillis = 20;
    private volatile Thread writer;
    /** Set before the writer is unparked on purpose, so that a spurious return from park writes nothing early. */
    private volatile boolean wake;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (queueSize < 2 || flushMillis < 1) {
            addError("queueSize must be at least 2 and flushMillis at least 1");
            return;
        }
        super.start();
        writer = Thread.ofPlatform().daemon().name("log-writer-" + getName()).start(this::writeLoop);
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        Thread thread = writer;
        wakeWriter();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appenders.detachAndStopAllAppenders();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The message, MDC and thread name are read now, on the logging thread, as AsyncAppender does.
        event.prepareForDeferredProcessing();
        while (queued.get() >= queueSize && isStarted()) {
            wakeWriter();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        queue.add(event);
        if (queued.incrementAndGet() == queueSize / 2) {
            wakeWriter();
        }
    }

    private void wakeWriter() {
        wake = true;
        LockSupport.unpark(writer);
    }

    private void writeLoop() {
        long flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        while (isStarted()) {
            long due = System.nanoTime() + flushNanos;
            for (long left = flushNanos; left > 0 && !wake && isStarted(); left = due - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
            wake = false;
            writeQueued();
        }
        // Stopped: whatever was logged before the stop is still written.
        writeQueued();
    }

    private void writeQueued() {
        ILoggingEvent event;
        while ((event = queue.poll()) != null) {
            queued.decrementAndGet();
            appenders.appendLoopOnAppenders(event);
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
