package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.Journal;
import java.util.concurrent.CompletableFuture;

/**
 * Per-request state: what the protocol layer learned (signature problems, the caller's region) and
 * what an operation hands back to it (when its writes are durable).
 */
public final class RequestContext {

    private final DynamoException authError;
    private final String region;
    private final String accessKeyId;
    private CompletableFuture<Void> durable = Journal.DONE;

    public RequestContext(DynamoException authError, String region) {
        this(authError, region, null);
    }

    public RequestContext(DynamoException authError, String region, String accessKeyId) {
        this.authError = authError;
        this.region = region;
        this.accessKeyId = accessKeyId;
    }

    /** The signature error the service would answer once the operation is known, or null. */
    public DynamoException authError() {
        return authError;
    }

    /** The region of the request's credential scope, or null when it has none. */
    public String region() {
        return region;
    }

    /** The access key id of the request's credential scope (unverified, as the signature is), or null. */
    public String accessKeyId() {
        return accessKeyId;
    }

    /** The client is answered only once {@code future} (a journal append) completes. */
    public void awaitDurable(CompletableFuture<Void> future) {
        if (future == null || future == Journal.DONE) {
            return;
        }
        durable = durable == Journal.DONE ? future : CompletableFuture.allOf(durable, future);
    }

    public CompletableFuture<Void> durable() {
        return durable;
    }
}
