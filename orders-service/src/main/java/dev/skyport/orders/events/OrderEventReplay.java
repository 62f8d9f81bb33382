package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderEventItem;
import dev.skyport.orders.order.OrderEventLog;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.ObjectMapper;

/**
 * Serves a socket from its customer's {@code order-events} log: the events after a resume cursor, and the
 * holes in its live sequence (a stream record that comes late, from another shard, or never, when a
 * message between replicas was lost). It runs on the socket's own writer thread and sends page by page, so
 * a long replay holds one page in memory and goes at the client's pace.
 */
final class OrderEventReplay {

    /** What a client may send as {@code after}; anything else is refused at the handshake. */
    static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The cursors this service issues: an event number in canonical decimal. */
    private static final Pattern EVENT_NUMBER = Pattern.compile("0|[1-9][0-9]{0,18}");
    /** Events per query: at most a few hundred KB, whatever the orders' size. */
    static final int PAGE = 25;

    /** Sends one frame on the socket, blocking at the client's pace; false once the socket is closing. */
    interface Sink {
        boolean send(TextMessage message);
    }

    private final OrderEventLog log;
    private final OrderChanges changes;
    private final ObjectMapper json;
    private final Consumer<String> resynced;

    /** @param resynced told the reason of every resync frame sent (a metric) */
    OrderEventReplay(OrderEventLog log, OrderChanges changes, ObjectMapper json, Consumer<String> resynced) {
        this.log = log;
        this.changes = changes;
        this.json = json;
        this.resynced = resynced;
    }

    /**
     * Sends what a socket resuming after {@code cursor} missed, in order, or one resync frame when the cursor
     * cannot be served (unknown, or the next event is past retention).
     *
     * @return the number of the customer's last event the client now has (sent, or covered by the resync)
     */
    long resume(String customerId, String cursor, Sink sink) {
        long head = log.lastEventNumber(customerId);
        OptionalLong after = eventNumber(cursor);
        if (after.isEmpty() || after.getAsLong() > head) {
            resync(OrderEvent.Resync.unknown(), sink);
            return head;
        }
        // Past the head read here, events come live: they commit after this socket was registered.
        return fill(customerId, after.getAsLong(), Long.MAX_VALUE, head, sink);
    }

    /** Sends the events numbered {@code after + 1} to {@code upTo}; returns {@code upTo}. */
    long fill(String customerId, long after, long upTo, Sink sink) {
        return fill(customerId, after, upTo, upTo, sink);
    }

    /**
     * Sends the events after {@code after} (up to {@code upTo}) in order. Every event up to {@code mustReach}
     * exists unless past retention (a later event of the customer was seen), so a missing or expired one means
     * the client fell behind retention: it gets a resync frame and continues after {@code mustReach}.
     */
    private long fill(String customerId, long after, long upTo, long mustReach, Sink sink) {
        long last = after;
        while (last < upTo) {
            List<OrderEventItem> page = log.read(customerId, last, upTo, PAGE);
            for (OrderEventItem item : page) {
                if (item.getEventNumber() != last + 1 || log.expired(item)) {
                    resync(OrderEvent.Resync.expired(), sink);
                    return Math.max(mustReach, last);
                }
                if (!sink.send(frame(changes.toEvent(item).frame()))) {
                    return item.getEventNumber();
                }
                last = item.getEventNumber();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (last < mustReach) {
            resync(OrderEvent.Resync.expired(), sink);
            return mustReach;
        }
        return last;
    }

    private void resync(OrderEvent.Resync frame, Sink sink) {
        resynced.accept(frame.reason());
        sink.send(frame(frame));
    }

    private TextMessage frame(Object frame) {
        return new TextMessage(json.writeValueAsString(frame));
    }

    /** The event number a cursor stands for; empty when this service never issued it. */
    static OptionalLong eventNumber(String cursor) {
        if (cursor == null || !EVENT_NUMBER.matcher(cursor).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(cursor));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
