package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.DynamoException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ClientRequestToken bookkeeping for TransactWriteItems. A token names one committed transaction for
 * ten minutes after it completed: the same token with the same TransactItems answers again without
 * writing anything; with other TransactItems it is IdempotentParameterMismatchException; while the
 * first request still runs it is TransactionInProgressException. Failed attempts leave no record, so
 * a retry after a cancellation runs again.
 */
final class TransactTokens {

    static final Duration WINDOW = Duration.ofMinutes(10);

    static final String MISMATCH_MESSAGE =
            "Request parameters do not match the previous request with the same ClientRequestToken";
    static final String IN_PROGRESS_MESSAGE = "Transaction from previous request is still in progress";

    /**
     * A token's transaction. {@code completedAt} is null while it runs; once done it holds what a
     * replay answers with: per-table transactional read units (as the service charges a replay) and
     * the item collection metrics of the first answer.
     */
    record Outcome(Object transactItems, Instant completedAt, Map<String, Double> replayReadUnits,
                   Map<String, Object> collectionMetrics, CompletableFuture<Void> durable) {

        boolean running() {
            return completedAt == null;
        }
    }

    static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

    private final ConcurrentHashMap<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private volatile Instant lastPurge;
    private final Clock clock;

    TransactTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * Claims {@code token} for a new run of {@code transactItems} and returns null, or returns the
     * completed outcome to replay. Throws when the token belongs to another request or is running.
     */
    Outcome claim(String token, Object transactItems) {
        Instant now = clock.instant();
        purge(now);
        Outcome running = new Outcome(transactItems, null, null, null, null);
        while (true) {
            Outcome existing = outcomes.putIfAbsent(token, running);
            if (existing == null) {
                return null;
            }
            if (expired(existing, now)) {
                if (outcomes.replace(token, existing, running)) {
                    return null;
                }
                continue;
            }
            if (!Objects.equals(existing.transactItems(), transactItems)) {
                throw DynamoException.dynamo("IdempotentParameterMismatchException", MISMATCH_MESSAGE);
            }
            if (existing.running()) {
                throw DynamoException.dynamo("TransactionInProgressException", IN_PROGRESS_MESSAGE);
            }
            return existing;
        }
    }

    /** Records the committed outcome of a claimed token. */
    void complete(String token, Object transactItems, Map<String, Double> replayReadUnits,
                  Map<String, Object> collectionMetrics, CompletableFuture<Void> durable) {
        outcomes.put(token, new Outcome(transactItems, clock.instant(),
                Collections.unmodifiableMap(new LinkedHashMap<>(replayReadUnits)), collectionMetrics, durable));
    }

    /** Gives up a claimed token after the transaction failed. */
    void release(String token) {
        outcomes.computeIfPresent(token, (t, o) -> o.running() ? null : o);
    }

    /** Forgets expired tokens, at most every {@link #PURGE_INTERVAL} so a busy engine does not scan per call. */
    private void purge(Instant now) {
        Instant last = lastPurge;
        if (last != null && now.isBefore(last.plus(PURGE_INTERVAL))) {
            return;
        }
        lastPurge = now;
        outcomes.values().removeIf(o -> expired(o, now));
    }

    private static boolean expired(Outcome outcome, Instant now) {
        return !outcome.running() && !outcome.completedAt().plus(WINDOW).isAfter(now);
    }
}
