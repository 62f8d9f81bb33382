package dev.skyport.starter.problem;

import org.springframework.http.HttpStatus;

/** 412 Precondition Failed as a problem (type `precondition-failed` unless a more specific one is given). */
public class PreconditionFailedException extends ApiException {

    public PreconditionFailedException(String detail) {
        super(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition Failed", detail);
    }

    public PreconditionFailedException(String type, String title, String detail) {
        super(HttpStatus.PRECONDITION_FAILED, type, title, detail);
    }

    public PreconditionFailedException(String type, String title, String detail, Throwable cause) {
        super(HttpStatus.PRECONDITION_FAILED, type, title, detail, cause);
    }
}
