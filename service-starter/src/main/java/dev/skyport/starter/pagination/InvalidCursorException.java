package dev.skyport.starter.pagination;

import dev.skyport.starter.problem.BadRequestException;

/** A cursor that was tampered with, is malformed, or belongs to another query: 400. */
public class InvalidCursorException extends BadRequestException {

    public InvalidCursorException() {
        super("invalid-cursor", "Invalid cursor", "The cursor is invalid or does not belong to this query.");
    }
}
