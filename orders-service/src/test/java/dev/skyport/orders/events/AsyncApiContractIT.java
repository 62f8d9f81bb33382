package dev.skyport.orders.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.EventSocketClient;
import dev.skyport.orders.support.OrdersServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI document of {@code /ws/orders} is checked against the official AsyncAPI 3.0.0 JSON Schema (vendored in
 * test resources, see its NOTICE) and against the code: every frame real sockets receive must match the document's
 * payload schema for its type, and the close codes, query parameters and limits it states are the code's.
 */
class AsyncApiContractIT extends OrdersServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SchemaRegistry DRAFT_7 = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    /** The messages the server sends, by the frame's {@code type}. */
    private static final Map<String, String> MESSAGE_BY_TYPE = Map.of(
            "order.created", "orderCreated", "order.updated", "orderUpdated", "resync", "resync");

    private JsonNode document;

    @BeforeEach
    void fetchTheDocument() {
        ApiClient.Response response = api.get(AsyncApiController.PATH, null);
        assertThat(response.status()).as("GET %s without a token", AsyncApiController.PATH).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        document = response.json();
    }

    @Test
    void servesADocumentTheAsyncApi3SchemaAccepts() {
        Schema asyncApi3 = officialSchema();

        assertThat(asyncApi3.validate(document)).extracting(Error::toString).isEmpty();
        // The schema really judges: an AsyncAPI 2 style operation is refused.
        ObjectNode broken = (ObjectNode) document.deepCopy();
        ((ObjectNode) broken.get("operations").get("sendOrderEvents")).put("action", "publish");
        assertThat(asyncApi3.validate(broken)).isNotEmpty();
    }

    @Test
    void namesThePublicUrlAsItsServer() {
        JsonNode server = document.get("servers").get("gateway");

        assertThat(server.get("host").asString()).isEqualTo("issuer.skyport.test");
        assertThat(server.get("protocol").asString()).isEqualTo("ws");
        assertThat(document.get("components").get("securitySchemes").get("bearer").get("flows")
                .get("authorizationCode").get("tokenUrl").asString())
                .isEqualTo("http://issuer.skyport.test/oauth2/token");
    }

    @Test
    void everyFrameTheSocketsReceiveMatchesTheDocumentsPayloadSchemas() {
        String user = newUserId();
        String owner = tokens.customer(user);
        String admin = tokens.admin("admin-" + newUserId());
        EventSocketClient live = EventSocketClient.connect(socketUri(null), owner);
        List<JsonNode> received;
        String id;
        try {
            id = placeOrder(owner);
            move(admin, id, "PAID");
            assertThat(api.post("/api/orders/" + id + "/cancel", owner, null).status()).isEqualTo(200);
            received = live.until(e -> "CANCELLED".equals(e.path("change").path("newStatus").asString(null)), WAIT);
        } finally {
            live.close();
        }
        assertThat(received).extracting(e -> e.get("type").asString())
                .containsExactly("order.created", "order.updated", "order.updated");
        received.forEach(this::assertMatchesItsMessage);
        // The frame's order is the order as GET /api/orders/{id} returns it.
        assertThat(received.getLast().get("order")).isEqualTo(api.get("/api/orders/" + id, owner).json());

        // Resumed after the first frame: the two missed frames again, same ids, as the document says.
        EventSocketClient resumed = EventSocketClient.connect(
                socketUri("after=" + received.getFirst().get("id").asString()), owner);
        try {
            List<JsonNode> replayed = resumed.until(e -> e.get("id").equals(received.getLast().get("id")), WAIT);
            replayed.forEach(this::assertMatchesItsMessage);
            assertThat(replayed).extracting(e -> e.get("id")).containsExactly(received.get(1).get("id"),
                    received.get(2).get("id"));
        } finally {
            resumed.close();
        }

        // A cursor the service does not know: one resync frame first.
        EventSocketClient unknown = EventSocketClient.connect(socketUri("after=unknown-cursor-0"), owner);
        try {
            JsonNode first = unknown.next(WAIT);
            assertThat(first).as("the first frame after an unknown cursor").isNotNull();
            assertThat(first.get("type").asString()).isEqualTo("resync");
            assertMatchesItsMessage(first);
        } finally {
            unknown.close();
        }
    }

    @Test
    void refusesTheQueryParametersTheDocumentRefuses() {
        JsonNode query = document.get("channels").get("orderEvents").get("bindings").get("ws").get("query");
        assertThat(fieldNames(query.get("properties"))).containsExactlyInAnyOrder("customerId", "after", "ticket");
        JsonNode after = query.get("properties").get("after");
        int maxLength = after.get("maxLength").asInt();
        String owner = tokens.customer(newUserId());
        String admin = tokens.admin("admin-" + newUserId());

        assertThat(EventSocketClient.refusedWith(socketUri("after=" + "a".repeat(maxLength + 1)), owner))
                .isEqualTo(400);
        assertThat(EventSocketClient.refusedWith(socketUri("after=a%2Fb"), owner)).isEqualTo(400);
        assertThat(EventSocketClient.refusedWith(socketUri("after=a%20b"), owner)).isEqualTo(400);
        assertThat(EventSocketClient.refusedWith(socketUri("after=x"), admin)).as("admin without customerId")
                .isEqualTo(400);
        assertThat(EventSocketClient.refusedWith(socketUri("customerId=someone-else"), owner)).isEqualTo(403);
        assertThat(EventSocketClient.refusedWith(socketUri("after=" + "A.b_-9".repeat(10) + "abcd"), owner))
                .as("64 characters of the pattern").isEqualTo(101);
        assertThat(EventSocketClient.refusedWith(socketUri("customerId=someone&after=x"), admin)).isEqualTo(101);
    }

    @Test
    void statesTheCodesCloseCodesAddressAndLimits() {
        JsonNode channel = document.get("channels").get("orderEvents");
        assertThat(channel.get("address").asString()).isEqualTo(OrderEventsConfiguration.PATH);

        Map<Integer, String> stated = new LinkedHashMap<>();
        channel.get("x-close-codes").properties().forEach(e ->
                stated.put(Integer.valueOf(e.getKey()), e.getValue().path("reason").asString("")));
        Map<Integer, String> code = new LinkedHashMap<>();
        for (CloseStatus status : List.of(EventSocket.TOKEN_EXPIRED, EventSocket.SLOW_CONSUMER, EventSocket.IDLE,
                EventSocket.SHUTDOWN, CloseStatus.SERVER_ERROR, CloseStatus.TOO_BIG_TO_PROCESS)) {
            code.put(status.getCode(), status.getReason() == null ? "" : status.getReason());
        }
        assertThat(stated).isEqualTo(code);

        OrderEventsProperties shipped = shippedProperties();
        JsonNode limits = channel.get("x-limits");
        assertThat(limits.get("maxFrameBytes").asInt()).isEqualTo(shipped.maxMessageSize());
        assertThat(limits.get("pingIntervalSeconds").asLong()).isEqualTo(shipped.pingInterval().toSeconds());
        assertThat(limits.get("idleTimeoutSeconds").asLong()).isEqualTo(shipped.idleTimeout().toSeconds());
        assertThat(limits.get("sendBufferBytes").asInt()).isEqualTo(shipped.sendBufferSize());
        assertThat(limits.get("sendTimeLimitSeconds").asLong()).isEqualTo(shipped.sendTimeLimit().toSeconds());
        assertThat(limits.get("retentionDays").asLong()).isEqualTo(shippedRetention().toDays());
    }

    @Test
    void describesTheOrderWithTheFieldsOfTheRestApisOrder() {
        JsonNode rest = api.get("/v3/api-docs", null).json().get("components").get("schemas");
        JsonNode events = document.get("components").get("schemas");

        assertThat(fieldNames(events.get("Order").get("properties")))
                .isEqualTo(fieldNames(rest.get("OrderView").get("properties")));
        assertThat(fieldNames(events.get("Line").get("properties")))
                .isEqualTo(fieldNames(rest.get("OrderLine").get("properties")));
        assertThat(fieldNames(events.get("Money").get("properties")))
                .isEqualTo(fieldNames(rest.get("MoneyPayload").get("properties")));
        assertThat(fieldNames(events.get("ShippingAddress").get("properties")))
                .isEqualTo(fieldNames(rest.get("ShippingAddress").get("properties")));
        assertThat(events.get("OrderStatus").get("enum")).isEqualTo(rest.get("OrderView").get("properties")
                .get("status").get("enum"));
    }

    private void assertMatchesItsMessage(JsonNode frame) {
        String message = MESSAGE_BY_TYPE.get(frame.path("type").asString(""));
        assertThat(message).as("a frame of a type the document names: %s", frame).isNotNull();
        List<String> errors = new ArrayList<>();
        payloadSchema(message).validate(frame).forEach(error -> errors.add(error.toString()));
        assertThat(errors).as("frame %s against the document's %s payload", frame, message).isEmpty();
    }

    /** The payload schema of a message, resolved within the served document's components. */
    private Schema payloadSchema(String message) {
        ObjectNode root = ApiClient.JSON.createObjectNode();
        root.put("$ref", "#/components/messages/" + message + "/payload");
        root.set("components", document.get("components"));
        return DRAFT_7.getSchema(root);
    }

    private static Schema officialSchema() {
        try (InputStream in = new ClassPathResource("asyncapi/asyncapi-3.0.0.schema.json").getInputStream()) {
            return DRAFT_7.getSchema(ApiClient.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket's settings as shipped (application.yml over the properties' defaults), not the tests' short ones. */
    private static OrderEventsProperties shippedProperties() {
        return shipped().bindOrCreate("skyport.orders.events", OrderEventsProperties.class);
    }

    /** The event log's retention as shipped. */
    private static java.time.Duration shippedRetention() {
        return shipped().bindOrCreate("skyport.orders", dev.skyport.orders.order.OrdersProperties.class).events().retention();
    }

    private static Binder shipped() {
        try {
            return new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("application.yml",
                    new ClassPathResource("application.yml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }
}
