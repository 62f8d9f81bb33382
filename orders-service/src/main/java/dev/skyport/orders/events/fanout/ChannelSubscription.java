package dev.skyport.orders.events.fanout;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Keeps this replica subscribed to the records' channel. The listener container gives up when Redis does not
 * answer at start-up, and so would the service's start: here it is tried again until Redis answers (meanwhile
 * the replica serves, and the records it reads go to its own sockets). Once subscribed, Lettuce reconnects and
 * subscribes again by itself after a disconnect.
 */
final class ChannelSubscription implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChannelSubscription.class);

    private final RedisMessageListenerContainer container;
    private final Duration retryEvery;
    private volatile boolean running;
    private volatile Thread thread;

    ChannelSubscription(RedisMessageListenerContainer container, Duration retryEvery) {
        this.container = container;
        this.retryEvery = retryEvery;
    }

    @Override
    public void start() {
        running = true;
        try {
            container.start();
        } catch (RuntimeException e) {
            log.warn("orders stream: cannot subscribe to redis ({}); trying again every {}, this replica's sockets get "
                    + "only the records it reads meanwhile", e.toString(), retryEvery);
            container.stop();
            thread = Thread.ofVirtual().name("orders-stream-subscription").start(this::retry);
        }
    }

    private void retry() {
        while (running) {
            try {
                Thread.sleep(retryEvery);
                container.start();
                log.info("orders stream: subscribed to redis");
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                container.stop();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Subscribed before the web server takes sockets, unsubscribed after the reader published its last record. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
