package dev.skyport.gateway.problem;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A refusal raised by the gateway's own endpoints that names its reason code (the error handler writes it). */
public class EdgeProblemException extends ResponseStatusException {

    private final String reasonCode;

    public EdgeProblemException(HttpStatus status, String reasonCode, String detail) {
        this(status, reasonCode, detail, null);
    }

    public EdgeProblemException(HttpStatus status, String reasonCode, String detail, Throwable cause) {
        super(status, detail, cause);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
