package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 404 Not Found as a problem (type `not-found` unless a more specific one is given). */
public class NotFoundException extends ApiException {

    public NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not Found", detail);
    }

    public NotFoundException(String type, String title, String detail) {
        super(HttpStatus.NOT_FOUND, type, title, detail);
    }

    public NotFoundException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.NOT_FOUND, type, title, detail, cause);
    }
}
