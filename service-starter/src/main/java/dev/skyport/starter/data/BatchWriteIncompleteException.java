package dev.skyport.starter.data;

import java.time.Duration;

import dev.skyport.starter.problem.ServiceUnavailableException;

/** Unprocessed batch items remained after every retry (sustained throttling): 503. */
public class BatchWriteIncompleteException extends ServiceUnavailableException {

    private final int unprocessed;

    public BatchWriteIncompleteException(String table, int unprocessed) {
        super("batch-incomplete", "Service Unavailable",
                unprocessed + " items could not be written to " + table + " after retries.", Duration.ofSeconds(1), null);
        this.unprocessed = unprocessed;
    }

    public int unprocessed() {
        return unprocessed;
    }
}
