package dev.skyport.starter.pagination;

import dev.skyport.starter.problem.BadRequestException;

/**
 * {@code ?limit=&cursor=} of a list endpoint, checked: limit 1..{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}; an out-of-range limit is a 400 problem.
 */
public record PageRequest(int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("invalid-limit", "Invalid limit",
                    "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        cursor = cursor == null || cursor.isBlank() ? null : cursor;
    }

    public static PageRequest of(Integer limit, String cursor) {
        return new PageRequest(limit == null ? DEFAULT_LIMIT : limit, cursor);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }
}
