package dev.skyport.starter.data;

import dev.skyport.starter.pagination.PageRequest;

/** One page of a Scan (admin listings, maintenance): optional index and filter, page size and cursor. */
public record ScanSpec(String indexName, Condition filter, int limit, String cursor, boolean consistentRead) {

    public ScanSpec {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; defaults: the table, no filter, limit 20. */
    public static final class Builder {
        private String index;
        private Condition filter;
        private int limit = PageRequest.DEFAULT_LIMIT;
        private String cursor;
        private boolean consistentRead;

        public Builder index(String indexName) {
            this.index = indexName;
            return this;
        }

        public Builder filter(Condition filter) {
            this.filter = filter;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public Builder page(PageRequest page) {
            this.limit = page.limit();
            this.cursor = page.cursor();
            return this;
        }

        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        public ScanSpec build() {
            return new ScanSpec(index, filter, limit, cursor, consistentRead);
        }
    }
}
