package dev.skyport.dynamo.api;

import java.util.Map;

/**
 * One API operation. Gets the request already type-checked and constraint-validated (see
 * {@code api.shape}), applies the operation's own semantic checks and returns the response tree.
 */
@FunctionalInterface
public interface Operation {

    Object execute(Request request, RequestContext context);

    /** The response tree of an operation that answers {@code {}}. */
    Map<String, Object> EMPTY = Map.of();
}
