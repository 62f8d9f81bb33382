package dev.skyport.dynamo.junit;

import dev.skyport.dynamo.DynamoEngine;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one in-memory {@link DynamoEngine} per test class, on a free loopback port, and stops it
 * after the class. Nested classes share their enclosing class's engine.
 *
 * <pre>{@code
 * @ExtendWith(DynamoEngineExtension.class)
 * class OrdersTest {
 *     @Test
 *     void saves(DynamoDbClient dynamo) { ... }
 * }
 * }</pre>
 *
 * or {@code @RegisterExtension static DynamoEngineExtension engine = DynamoEngineExtension.inMemory();}
 * and {@code engine.endpoint()} ({@code recordingAccess(file)} also records who touched what, for IAM policies).
 *
 * <p>Test constructors, lifecycle methods and test methods may take: {@link DynamoEngine}, {@link URI}
 * (its endpoint), {@code DynamoDbClient} (synchronous, url-connection-client, us-east-1, dummy static
 * credentials, pointed at the engine; one per class) and {@code DynamoDbAsyncClient} (only when the
 * SDK's netty-nio-client is on the classpath). The AWS SDK is needed only by tests that ask for a
 * client: nothing here touches an SDK class until then.
 */
public final class DynamoEngineExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoEngineExtension.class);
    private static final String SYNC_CLIENT = "software.amazon.awssdk.services.dynamodb.DynamoDbClient";
    private static final String ASYNC_CLIENT = "software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient";
    private static final String NETTY_CLIENT = "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient";

    private final Path accessRecord;
    private volatile Running current;

    /** For {@code @ExtendWith(DynamoEngineExtension.class)}. */
    public DynamoEngineExtension() {
        this(null);
    }

    private DynamoEngineExtension(Path accessRecord) {
        this.accessRecord = accessRecord;
    }

    /**
     * An in-memory engine that records which access key id called which operation on which resource, as JSON lines
     * in {@code file} ({@link DynamoEngine.Builder#recordAccess(Path)}).
     */
    public static DynamoEngineExtension recordingAccess(Path file) {
        return new DynamoEngineExtension(file);
    }

    /** For {@code @RegisterExtension static DynamoEngineExtension engine = DynamoEngineExtension.inMemory();}. */
    public static DynamoEngineExtension inMemory() {
        return new DynamoEngineExtension();
    }

    /** The running engine (between the class's start and end), for a registered extension field. */
    public DynamoEngine engine() {
        Running running = current;
        if (running == null) {
            throw new IllegalStateException("the engine runs only while its test class runs");
        }
        return running.engine;
    }

    /** The running engine's endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return engine().endpoint();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Only the class that started the engine stops it: a nested class finds its parent's in the store.
        Running running = context.getStore(NAMESPACE).remove(Running.class, Running.class);
        if (running != null) {
            if (current == running) {
                current = null;
            }
            running.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DynamoEngine.class
                || type == URI.class
                || type.getName().equals(SYNC_CLIENT)
                || type.getName().equals(ASYNC_CLIENT) && present(NETTY_CLIENT, type.getClassLoader());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Running running = running(context);
        if (type == DynamoEngine.class) {
            return running.engine;
        }
        if (type == URI.class) {
            return running.engine.endpoint();
        }
        try {
            return type.getName().equals(SYNC_CLIENT) ? running.syncClient() : running.asyncClient();
        } catch (RuntimeException | LinkageError e) {
            throw new ParameterResolutionException("cannot build " + type.getSimpleName() + " for dynamo-engine: " + e, e);
        }
    }

    /**
     * The engine of the class being run, started on first need: before-all normally, but a
     * per-class test instance's constructor is resolved before the before-all callbacks.
     */
    private synchronized Running running(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Running running = store.get(Running.class, Running.class); // also looks in enclosing classes
        if (running == null) {
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
            DynamoEngine.Builder builder = DynamoEngine.builder().inMemory();
            if (accessRecord != null) {
                builder.recordAccess(accessRecord);
            }
            running = new Running(builder.start());
            classContext.getStore(NAMESPACE).put(Running.class, running);
        }
        current = running;
        return running;
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** One class's engine and the SDK clients handed out for it, closed together. */
    private static final class Running implements AutoCloseable {
        final DynamoEngine engine;
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private Object syncClient;
        private Object asyncClient;
        private boolean closed;

        Running(DynamoEngine engine) {
            this.engine = engine;
        }

        synchronized Object syncClient() {
            if (syncClient == null) {
                syncClient = SdkClients.sync(engine.endpoint(), closeables);
            }
            return syncClient;
        }

        synchronized Object asyncClient() {
            if (asyncClient == null) {
                asyncClient = SdkClients.async(engine.endpoint(), closeables);
            }
            return asyncClient;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            for (AutoCloseable closeable : closeables.reversed()) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing an SDK client failed", e);
                    }
                }
            }
            engine.close();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
