package dev.skyport.dynamo;

import dev.skyport.dynamo.server.AccessPolicy;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar dynamo-engine.jar [--port N] [--host H] [--allowed-hosts NAMES] [--cors ORIGINS]
 * [--in-memory | --data-dir DIR] [--account-id ID] [--ttl-sweep-seconds S] [--threads N]
 * [--record-access FILE]}. Flags win over the environment variables DYNAMO_ENGINE_PORT, DYNAMO_ENGINE_HOST,
 * DYNAMO_ENGINE_ALLOWED_HOSTS, DYNAMO_ENGINE_CORS, DYNAMO_ENGINE_DATA_DIR, DYNAMO_ENGINE_ACCOUNT_ID,
 * DYNAMO_ENGINE_TTL_SWEEP_SECONDS, DYNAMO_ENGINE_THREADS and DYNAMO_ENGINE_RECORD_ACCESS. The engine has no
 * authentication, so it binds loopback unless told otherwise.
 */
public final class DynamoEngineMain {

    private DynamoEngineMain() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        // Netty's own JFR events are off unless asked for: with them on, its first event loop loads JFR
        // (some 160 classes): a quarter to a third of the start-up on a 2-core machine.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        Map<String, String> env = System.getenv();
        int port = port(env.getOrDefault("DYNAMO_ENGINE_PORT", "8000"));
        String host = env.getOrDefault("DYNAMO_ENGINE_HOST", "127.0.0.1");
        String allowedHosts = env.get("DYNAMO_ENGINE_ALLOWED_HOSTS");
        String cors = env.get("DYNAMO_ENGINE_CORS");
        String dataDir = env.get("DYNAMO_ENGINE_DATA_DIR");
        String account = env.get("DYNAMO_ENGINE_ACCOUNT_ID");
        String ttlSweep = env.get("DYNAMO_ENGINE_TTL_SWEEP_SECONDS");
        String threads = env.get("DYNAMO_ENGINE_THREADS");
        String recordAccess = env.get("DYNAMO_ENGINE_RECORD_ACCESS");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--allowed-hosts" -> allowedHosts = value(args, ++i, "--allowed-hosts");
                case "--cors" -> cors = value(args, ++i, "--cors");
                case "--data-dir" -> dataDir = value(args, ++i, "--data-dir");
                case "--in-memory" -> dataDir = null;
                case "--account-id" -> account = value(args, ++i, "--account-id");
                case "--ttl-sweep-seconds" -> ttlSweep = value(args, ++i, "--ttl-sweep-seconds");
                case "--threads" -> threads = value(args, ++i, "--threads");
                case "--record-access" -> recordAccess = value(args, ++i, "--record-access");
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar dynamo-engine.jar [--port N] [--host H (127.0.0.1)]"
                            + " [--allowed-hosts NAME,...] [--cors ORIGIN,... | '*'] [--in-memory | --data-dir DIR]"
                            + " [--account-id 123456789012] [--ttl-sweep-seconds 5] [--threads N]"
                            + " [--record-access FILE (JSON lines: access key id, operation, resource; off)]");
                    return;
                }
                default -> fail("unknown argument: " + args[i]);
            }
        }
        DynamoEngine.Builder builder = DynamoEngine.builder().host(host).port(port)
                .allowedHosts(AccessPolicy.list(allowedHosts))
                .corsOrigins(AccessPolicy.list(cors));
        if (dataDir != null && !dataDir.isBlank()) {
            builder.dataDirectory(Path.of(dataDir));
        }
        if (recordAccess != null && !recordAccess.isBlank()) {
            builder.recordAccess(Path.of(recordAccess));
        }
        try {
            if (account != null) {
                builder.accountId(account);
            }
            if (threads != null) {
                builder.threads(threads(threads));
            }
            if (ttlSweep != null) {
                builder.ttlSweepInterval(java.time.Duration.ofMillis((long) (Double.parseDouble(ttlSweep) * 1000)));
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        DynamoEngine engine;
        try {
            engine = builder.start();
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "dynamo-engine-shutdown"));
        System.out.printf("{\"event\":\"started\",\"endpoint\":\"%s\",\"storage\":\"%s\",\"startupMillis\":%d}%n",
                engine.endpoint(), dataDir == null ? "in-memory" : dataDir, (System.nanoTime() - started) / 1_000_000);
    }

    private static int threads(String text) {
        return number(text, 1, 256, "threads");
    }

    private static int port(String text) {
        return number(text, 0, 65535, "port");
    }

    /** A whole number in [min, max]; anything else ends the process with exit code 2 and the reason. */
    private static int number(String text, int min, int max, String what) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            fail(what + " is not a number: " + text);
            return -1;
        }
        if (value < min || value > max) {
            fail(what + " out of range (" + min + "-" + max + "): " + text);
        }
        return value;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("dynamo-engine: " + message);
        System.exit(2);
    }
}
