package dev.skyport.e2e.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.skyport.testsupport.ApiClient;
import tools.jackson.databind.JsonNode;


/**
 * Reads a table straight from the platform's dynamo-engine (DynamoDB JSON 1.0 over HTTP on loopback). Test fixture
 * only: an attacker reaches the gateway, never the engine, which binds 127.0.0.1.
 */
final class EngineTables {

    private EngineTables() {
    }

    /** Every item of the table (Scan, all pages), in DynamoDB's attribute-value JSON. */
    static List<JsonNode> scan(int enginePort, String table) {
        HttpClient http = HttpClient.newHttpClient();
        List<JsonNode> items = new ArrayList<>();
        JsonNode lastKey = null;
        do {
            String body = lastKey == null ? "{\"TableName\":\"" + table + "\"}"
                    : "{\"TableName\":\"" + table + "\",\"ExclusiveStartKey\":" + lastKey + "}";
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + enginePort + "/"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "DynamoDB_20120810.Scan")
                    // The engine checks a signature's shape, not its value (it has no credentials to check against).
                    .header("X-Amz-Date", "20260101T000000Z").header("Authorization", "AWS4-HMAC-SHA256 "
                            + "Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("Scan " + table + ": " + response.statusCode() + " " + response.body());
                }
                JsonNode page = ApiClient.JSON.readTree(response.body());
                page.path("Items").forEach(items::add);
                lastKey = page.hasNonNull("LastEvaluatedKey") ? page.get("LastEvaluatedKey") : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (lastKey != null);
        return items;
    }
}
