package dev.skyport.dynamo.storage.journal;

/** Journal or snapshot bytes that do not decode: a damaged file or a format this version does not know. */
public final class CorruptDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
