package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 422 Unprocessable Content as a problem (type `unprocessable` unless a more specific one is given). */
public class UnprocessableException extends ApiException {

    public UnprocessableException(String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", "Unprocessable Content", detail);
    }

    public UnprocessableException(String type, String title, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail);
    }

    public UnprocessableException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, type, title, detail, cause);
    }
}
