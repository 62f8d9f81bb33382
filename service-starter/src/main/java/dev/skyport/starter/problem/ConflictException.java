package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 409 Conflict as a problem (type `conflict` unless a more specific one is given). */
public class ConflictException extends ApiException {

    public ConflictException(String detail) {
        super(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public ConflictException(String type, String title, String detail) {
        super(HttpStatus.CONFLICT, type, title, detail);
    }

    public ConflictException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.CONFLICT, type, title, detail, cause);
    }
}
