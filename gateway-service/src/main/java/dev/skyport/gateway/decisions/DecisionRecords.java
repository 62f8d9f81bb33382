package dev.skyport.gateway.decisions;

import reactor.core.publisher.Mono;

/**
 * Where decision records live for a while: Redis when configured (every replica reads what any replica wrote),
 * this process's memory otherwise. Both keep at most a configured number of records, each for a configured time.
 */
public interface DecisionRecords {

    Mono<Void> save(String requestId, String record);

    /** The record's JSON, or empty when it is unknown, expired or was pushed out by newer ones. */
    Mono<String> find(String requestId);
}
