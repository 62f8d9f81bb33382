package dev.skyport.gateway.decisions;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.skyport.defaults.RequestIds;
import dev.skyport.gateway.problem.EdgeProblemException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/requests/{requestId}} (role ADMIN, enforced by the edge's security chain): the decision record
 * of a request the edge answered with 4xx or 5xx, while it is kept. The id is checked against the request id
 * format before any lookup.
 */
@RestController
public class DecisionRecordApi {

    private final DecisionRecords records;

    public DecisionRecordApi(DecisionRecords records) {
        this.records = records;
    }

    @GetMapping("/admin/requests/{requestId}")
    Mono<ResponseEntity<String>> find(@PathVariable String requestId) {
        if (!RequestIds.wellFormed(requestId)) {
            return Mono.error(new EdgeProblemException(HttpStatus.BAD_REQUEST, "request_id_invalid",
                    "A request id is 1 to 128 letters, digits, '.', '_', ':' or '-'."));
        }
        return records.find(requestId)
                .map(record -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(record))
                .switchIfEmpty(Mono.error(() -> new EdgeProblemException(HttpStatus.NOT_FOUND, "record_not_found",
                        "No decision record for this request id: unknown, expired, or not a refusal.")));
    }
}
