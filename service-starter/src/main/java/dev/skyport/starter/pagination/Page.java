package dev.skyport.starter.pagination;

import java.util.List;
import java.util.function.Function;

/** One page of results, serialised as {@code {"items": [...], "nextCursor": "..." | null}} everywhere. */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, String nextCursor) {
        return new Page<>(items, nextCursor);
    }

    public static <T> Page<T> empty() {
        return new Page<>(List.of(), null);
    }

    /** The same page with items mapped, e.g. entities to response records. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
