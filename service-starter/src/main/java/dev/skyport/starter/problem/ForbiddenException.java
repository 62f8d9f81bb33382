package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 403 Forbidden as a problem (type `forbidden` unless a more specific one is given). */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String detail) {
        super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public ForbiddenException(String type, String title, String detail) {
        super(HttpStatus.FORBIDDEN, type, title, detail);
    }

    public ForbiddenException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.FORBIDDEN, type, title, detail, cause);
    }
}
