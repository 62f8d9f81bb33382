package dev.skyport.gateway.limits;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The client sent its request body too slowly (Reactor Netty's read or request timeout fired): 408. Its own type so
 * the circuit breakers can be told to ignore it (ignore-exceptions): a slow client says nothing about the backend.
 */
public class ClientTooSlowException extends ResponseStatusException {

    public ClientTooSlowException(Throwable cause) {
        super(HttpStatus.REQUEST_TIMEOUT, "The request body arrived too slowly.", cause);
    }
}
