package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 400 Bad Request as a problem (type `bad-request` unless a more specific one is given). */
public class BadRequestException extends ApiException {

    public BadRequestException(String detail) {
        super(HttpStatus.BAD_REQUEST, "bad-request", "Bad Request", detail);
    }

    public BadRequestException(String type, String title, String detail) {
        super(HttpStatus.BAD_REQUEST, type, title, detail);
    }

    public BadRequestException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.BAD_REQUEST, type, title, detail, cause);
    }
}
