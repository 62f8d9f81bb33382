package dev.skyport.starter.config;

/** Start-up refused: a setting still has a value meant for a developer's machine. The message is the whole story. */
public class LocalDefaultRefusedException extends IllegalStateException {

    public LocalDefaultRefusedException(String message) {
        super(message);
    }
}
