package dev.skyport.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The runnable jar the README and run.sh start: it serves the API and keeps data in its directory. */
class ServerJarIT {

    private static final Pattern ENDPOINT = Pattern.compile("\"endpoint\":\"(http://[^\"]+)\"");

    @Test
    void theRunnableJarServesTheApiAndKeepsItsDataAcrossRestarts(@TempDir Path data) throws Exception {
        Path jar = Path.of("target", "dynamo-engine.jar");
        assertThat(jar).exists();

        URI endpoint = start(jar, data);
        try (DynamoDbClient dynamo = EngineClients.dynamo(endpoint)) {
            dynamo.createTable(b -> b.tableName("kept").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH")));
        } finally {
            stop();
        }

        endpoint = start(jar, data, "--threads", "1");
        try (DynamoDbClient dynamo = EngineClients.dynamo(endpoint)) {
            assertThat(dynamo.listTables().tableNames()).containsExactly("kept");
        } finally {
            stop();
        }
    }

    @Test
    void aBadFlagValueIsRefusedWithItsReasonAndExitCodeTwo() throws Exception {
        Process refused = new ProcessBuilder(java(), "-jar", Path.of("target", "dynamo-engine.jar").toString(),
                "--port", "0", "--in-memory", "--threads", "0")
                .redirectErrorStream(true)
                .start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(output).contains("dynamo-engine: threads out of range (1-256): 0");
    }

    @Test
    void withoutAHostTheJarListensOnLoopbackOnly() throws Exception {
        URI endpoint = start(Path.of("target", "dynamo-engine.jar"), null);
        try {
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            List<InetAddress> others = new ArrayList<>();
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp() && !nic.isLoopback()) {
                    nic.inetAddresses().filter(Inet4Address.class::isInstance).forEach(others::add);
                }
            }
            assertThat(others).as("a non-loopback address of this machine to try").isNotEmpty();
            for (InetAddress address : others) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, endpoint.getPort()), 2000))
                            .as("%s", address).isInstanceOf(ConnectException.class);
                }
            }
        } finally {
            stop();
        }
    }

    @Test
    void theJarRecordsWhoTouchedWhatWhenAskedTo(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("access.jsonl");
        URI endpoint = start(Path.of("target", "dynamo-engine.jar"), null, "--record-access", record.toString());
        try (DynamoDbClient dynamo = EngineClients.dynamo(endpoint)) {
            dynamo.listTables();
            dynamo.listTables();
        } finally {
            stop();
        }

        assertThat(java.nio.file.Files.readAllLines(record))
                .containsExactly("{\"accessKeyId\":\"test\",\"operation\":\"ListTables\",\"resource\":\"*\"}");
    }

    private Process process;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private URI start(Path jar, Path data, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "--port", "0"));
        // Without a data directory: the jar's defaults (in memory, and the interface it binds).
        if (data != null) {
            command.addAll(List.of("--host", "127.0.0.1", "--data-dir", data.toString()));
        }
        command.addAll(List.of(more));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = ENDPOINT.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("the engine exited without starting (exit " + process.waitFor() + ")");
    }

    private void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
}
