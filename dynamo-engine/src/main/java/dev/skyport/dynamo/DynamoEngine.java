package dev.skyport.dynamo;

import dev.skyport.dynamo.access.AccessRecorder;
import dev.skyport.dynamo.api.DynamoApi;
import dev.skyport.dynamo.api.Engine;
import dev.skyport.dynamo.server.AccessPolicy;
import dev.skyport.dynamo.server.HttpFrontEnd;
import dev.skyport.dynamo.storage.Database;
import dev.skyport.dynamo.storage.FileJournal;
import dev.skyport.dynamo.storage.Journal;
import dev.skyport.dynamo.storage.TtlSweeper;
import dev.skyport.dynamo.stream.StreamStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The engine as a library: {@code DynamoEngine.builder().start()} serves the DynamoDB API on a free
 * loopback port (or the one asked for), in memory or backed by a data directory.
 */
public final class DynamoEngine implements AutoCloseable {

    private final Journal journal;
    private final Database database;
    private final TtlSweeper ttl;
    private final DynamoApi api;
    private final HttpFrontEnd http;
    private final AccessRecorder accessRecorder;
    private final String host;

    private DynamoEngine(Builder builder) throws Exception {
        this.journal = builder.dataDirectory == null ? Journal.NONE : FileJournal.open(builder.dataDirectory);
        StreamStore streams = new StreamStore(builder.clock, builder.shardMaxRecords, builder.shardMaxAge);
        // The streams follow the database from its replay on: their journaled state comes back with it.
        this.database = new Database(journal, streams);
        try {
            this.accessRecorder = builder.accessRecord == null ? null
                    : AccessRecorder.open(builder.accessRecord, builder.accessRecordMaxEntries);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.api = new DynamoApi(new Engine(database, streams, builder.accountId, builder.region, builder.clock),
                accessRecorder);
        this.ttl = new TtlSweeper(database, builder.clock, builder.ttlSweepInterval);
        try {
            this.http = new HttpFrontEnd(api, builder.host, builder.port, builder.threads,
                    new AccessPolicy(builder.allowedHosts, builder.corsOrigins));
        } catch (Exception e) {
            ttl.close();
            database.close();
            if (accessRecorder != null) {
                accessRecorder.close();
            }
            throw e;
        }
        this.host = builder.host;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts an in-memory engine on a free loopback port. */
    public static DynamoEngine startInMemory() {
        return builder().start();
    }

    public int port() {
        return http.port();
    }

    /** The endpoint to give an SDK client, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    public Database database() {
        return database;
    }

    /** Runs one TTL sweep now (tests use this instead of waiting for the interval). */
    public int sweepExpiredItems() {
        return ttl.sweep();
    }

    /**
     * Compacts the data directory now (snapshot of tables, items and streams; older logs deleted); done
     * at once in memory.
     */
    public java.util.concurrent.CompletableFuture<Void> compactJournal() {
        return journal instanceof FileJournal file ? file.compact() : Journal.DONE;
    }

    public DynamoApi api() {
        return api;
    }

    @Override
    public void close() {
        ttl.close();
        http.close();
        database.close();
        if (accessRecorder != null) {
            accessRecorder.close();
        }
    }

    /** Engine settings; every one has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private Path dataDirectory;
        private String accountId = "000000000000";
        private String region = "us-east-1";
        private Clock clock = Clock.systemUTC();
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration ttlSweepInterval = Duration.ofSeconds(5);
        private int shardMaxRecords = 100_000;
        private Duration shardMaxAge = Duration.ofHours(4);
        private Set<String> allowedHosts = Set.of();
        private Set<String> corsOrigins = Set.of();
        private Path accessRecord;
        private int accessRecordMaxEntries = AccessRecorder.DEFAULT_MAX_ENTRIES;

        /** Interface to bind; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Host names (as in the {@code Host} header, without port) answered besides localhost, 127.0.0.1, ::1
         * and the bound address, e.g. a container's service name; {@code *} answers any. None by default.
         */
        public Builder allowedHosts(Set<String> hosts) {
            this.allowedHosts = Set.copyOf(hosts);
            return this;
        }

        /** Origins a browser may call the engine from ({@code *}: any); none by default. */
        public Builder corsOrigins(Set<String> origins) {
            this.corsOrigins = Set.copyOf(origins);
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keep data in this directory (created if missing); without it the engine keeps nothing. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        public Builder inMemory() {
            this.dataDirectory = null;
            return this;
        }

        /** The 12-digit account id in ARNs; 000000000000 by default. */
        public Builder accountId(String accountId) {
            if (!accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** The region in ARNs when a request's credential scope names none; us-east-1 by default. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Event-loop threads serving requests; the number of cores by default. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** How often expired TTL items are swept; 5 s by default. */
        public Builder ttlSweepInterval(Duration interval) {
            this.ttlSweepInterval = interval;
            return this;
        }

        /** A stream shard is closed and a child opened after this many records or this age (4 h by default). */
        public Builder shardRollover(int maxRecords, Duration maxAge) {
            this.shardMaxRecords = maxRecords;
            this.shardMaxAge = maxAge;
            return this;
        }

        /**
         * Records, as JSON lines in {@code file}, which access key id called which operation on which table, index
         * or stream (deduplicated, at most 10,000 lines): to derive least-privilege IAM policies from a test run.
         * Off by default; see {@link AccessRecorder}.
         */
        public Builder recordAccess(Path file) {
            return recordAccess(file, AccessRecorder.DEFAULT_MAX_ENTRIES);
        }

        /** As {@link #recordAccess(Path)}, keeping at most {@code maxEntries} distinct lines. */
        public Builder recordAccess(Path file, int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
            }
            this.accessRecord = file;
            this.accessRecordMaxEntries = maxEntries;
            return this;
        }

        public DynamoEngine start() {
            try {
                return new DynamoEngine(this);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("dynamo-engine failed to start: " + e.getMessage(), e);
            }
        }
    }
}
