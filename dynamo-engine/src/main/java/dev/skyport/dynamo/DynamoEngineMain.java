package dev.skyport.dynamo;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar dynamo-engine.jar [--port N] [--host H] [--in-memory | --data-dir DIR]}. Flags win
 * over the environment variables DYNAMO_ENGINE_PORT, DYNAMO_ENGINE_HOST and DYNAMO_ENGINE_DATA_DIR.
 */
public final class DynamoEngineMain {

    private DynamoEngineMain() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("DYNAMO_ENGINE_PORT", "8000"));
        String host = env.getOrDefault("DYNAMO_ENGINE_HOST", "0.0.0.0");
        String dataDir = env.get("DYNAMO_ENGINE_DATA_DIR");
        String account = env.get("DYNAMO_ENGINE_ACCOUNT_ID");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--data-dir" -> dataDir = value(args, ++i, "--data-dir");
                case "--in-memory" -> dataDir = null;
                case "--account-id" -> account = value(args, ++i, "--account-id");
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar dynamo-engine.jar [--port N] [--host H]"
                            + " [--in-memory | --data-dir DIR] [--account-id 123456789012]");
                    return;
                }
                default -> fail("unknown argument: " + args[i]);
            }
        }
        DynamoEngine.Builder builder = DynamoEngine.builder().host(host).port(port);
        if (dataDir != null && !dataDir.isBlank()) {
            builder.dataDirectory(Path.of(dataDir));
        }
        if (account != null) {
            builder.accountId(account);
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
