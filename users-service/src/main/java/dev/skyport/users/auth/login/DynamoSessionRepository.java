package dev.skyport.users.auth.login;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;

import dev.skyport.users.auth.AuthTables;
import dev.skyport.users.auth.AuthorizationServerProperties;

/**
 * Spring Session on the {@code web-sessions} table: the browser session between the login page and the
 * authorization code (security context, saved request, CSRF token) is shared by replicas and survives a restart.
 * Attributes are Java-serialised as Spring Session JDBC does, and read back through an allow-list filter.
 */
public class DynamoSessionRepository implements SessionRepository<MapSession> {

    /** Only the types a login session holds: JDK values and Spring (Security) objects. */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=10000;maxbytes=262144;java.lang.*;java.util.*;java.time.*;java.net.*;"
                    + "org.springframework.**;dev.skyport.**;!*");

    private final AuthTables tables;
    private final Duration timeout;
    private final Clock clock;

    public DynamoSessionRepository(AuthTables tables, AuthorizationServerProperties properties, Clock clock) {
        this.tables = tables;
        this.timeout = properties.session().timeout();
        this.clock = clock;
    }

    @Override
    public MapSession createSession() {
        MapSession session = new MapSession();
        session.setCreationTime(clock.instant());
        session.setLastAccessedTime(clock.instant());
        session.setMaxInactiveInterval(timeout);
        return session;
    }

    @Override
    public void save(MapSession session) {
        if (!session.getId().equals(session.getOriginalId())) {
            // The id changed (session fixation protection at login): the old id must stop working.
            tables.sessions().deleteItem(key(session.getOriginalId()));
        }
        SessionItem item = new SessionItem();
        item.setId(session.getId());
        item.setCreationTime(session.getCreationTime());
        item.setLastAccessedTime(session.getLastAccessedTime());
        item.setMaxInactiveSeconds(session.getMaxInactiveInterval().toSeconds());
        item.setExpiresAt(session.getLastAccessedTime().plus(session.getMaxInactiveInterval()).getEpochSecond());
        Map<String, Object> attributes = new HashMap<>();
        for (String name : session.getAttributeNames()) {
            attributes.put(name, session.getAttribute(name));
        }
        item.setAttributes(SdkBytes.fromByteArray(serialize(attributes)));
        tables.sessions().putItem(item);
    }

    @Override
    public MapSession findById(String id) {
        SessionItem item = tables.sessions().getItem(
                GetItemEnhancedRequest.builder().key(key(id)).consistentRead(true).build());
        if (item == null) {
            return null;
        }
        MapSession session = new MapSession(id);
        session.setCreationTime(item.getCreationTime());
        session.setLastAccessedTime(item.getLastAccessedTime());
        session.setMaxInactiveInterval(Duration.ofSeconds(item.getMaxInactiveSeconds()));
        boolean expired = !session.getMaxInactiveInterval().isNegative()
                && session.getLastAccessedTime().plus(session.getMaxInactiveInterval()).isBefore(clock.instant());
        if (expired) {
            // TTL deletion happens in the background, so an expired item can still be read: it must not count.
            deleteById(id);
            return null;
        }
        deserialize(item.getAttributes().asByteArray()).forEach(session::setAttribute);
        return session;
    }

    @Override
    public void deleteById(String id) {
        tables.sessions().deleteItem(key(id));
    }

    private static Key key(String id) {
        return Key.builder().partitionValue(id).build();
    }

    private static byte[] serialize(Map<String, Object> attributes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(attributes);
        } catch (IOException e) {
            throw new IllegalStateException("A session attribute is not serialisable", e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(bytes),
                DynamoSessionRepository.class.getClassLoader())) {
            in.setObjectInputFilter(ALLOWED);
            return (Map<String, Object>) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            // An unreadable session (e.g. written by an incompatible version) is treated as no session at all.
            return Map.of();
        }
    }
}
