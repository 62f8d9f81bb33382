package dev.skyport.starter.data;

import java.util.List;

import dev.skyport.starter.pagination.PageRequest;

/**
 * One page of a Query: the partition value, an optional sort-key condition, an optional index, a filter
 * {@link Condition} (applied by DynamoDB after the key condition), direction, page size and cursor.
 * {@code QuerySpec.partition(customerId).index("by-status").sortBeginsWith("2026-").filter(...).descending()
 * .page(pageRequest).build()}.
 */
public record QuerySpec(Object partitionValue, SortCondition sortCondition, String indexName, Condition filter,
        boolean ascending, int limit, String cursor, boolean consistentRead) {

    /** Comparison on the sort key of the table or index. */
    public record SortCondition(Operator operator, List<Object> values) {
        public enum Operator { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH }
    }

    public QuerySpec {
        if (partitionValue == null) {
            throw new IllegalArgumentException("a query needs a partition value");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
    }

    public static Builder partition(Object partitionValue) {
        return new Builder(partitionValue);
    }

    /** Fluent builder; defaults: table (no index), ascending, limit 20, no cursor. */
    public static final class Builder {
        private final Object partitionValue;
        private SortCondition sort;
        private String index;
        private Condition filter;
        private boolean ascending = true;
        private int limit = PageRequest.DEFAULT_LIMIT;
        private String cursor;
        private boolean consistentRead;

        private Builder(Object partitionValue) {
            this.partitionValue = partitionValue;
        }

        public Builder index(String indexName) {
            this.index = indexName;
            return this;
        }

        public Builder sortEq(Object value) {
            return sort(SortCondition.Operator.EQ, value);
        }

        public Builder sortLt(Object value) {
            return sort(SortCondition.Operator.LT, value);
        }

        public Builder sortLe(Object value) {
            return sort(SortCondition.Operator.LE, value);
        }

        public Builder sortGt(Object value) {
            return sort(SortCondition.Operator.GT, value);
        }

        public Builder sortGe(Object value) {
            return sort(SortCondition.Operator.GE, value);
        }

        public Builder sortBetween(Object low, Object high) {
            this.sort = new SortCondition(SortCondition.Operator.BETWEEN, List.of(low, high));
            return this;
        }

        public Builder sortBeginsWith(String prefix) {
            return sort(SortCondition.Operator.BEGINS_WITH, prefix);
        }

        public Builder filter(Condition filter) {
            this.filter = filter;
            return this;
        }

        public Builder ascending(boolean ascending) {
            this.ascending = ascending;
            return this;
        }

        public Builder descending() {
            return ascending(false);
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        /** Limit and cursor from a checked {@code ?limit=&cursor=}. */
        public Builder page(PageRequest page) {
            this.limit = page.limit();
            this.cursor = page.cursor();
            return this;
        }

        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        public QuerySpec build() {
            return new QuerySpec(partitionValue, sort, index, filter, ascending, limit, cursor, consistentRead);
        }

        private Builder sort(SortCondition.Operator operator, Object value) {
            this.sort = new SortCondition(operator, List.of(value));
            return this;
        }
    }
}
