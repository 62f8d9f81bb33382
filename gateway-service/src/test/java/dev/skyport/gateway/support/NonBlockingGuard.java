package dev.skyport.gateway.support;

import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM, so any blocking call on an event-loop thread during the integration
 * tests fails the request (and the test). The allowances are blocking calls that are not the gateway's:
 * console logging (the test JVM writes logs synchronously to stdout), and one-time reads of resources from
 * jars that libraries cache afterwards (lazy class loading, Hibernate Validator's message bundles, the WebJar
 * version lookup), the queue lock taken when a scheduled Reactor task is cancelled, and two locks the Redis
 * client takes for an instant on every command (Lettuce's writer lock, Spring Data Redis's shared-connection lock).
 */
public final class NonBlockingGuard {

    private static volatile boolean installed;
    private static final java.util.Queue<String> detected = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Blocking calls seen on non-blocking threads so far (each also failed the call that made it). */
    public static java.util.List<String> detected() {
        return java.util.List.copyOf(detected);
    }

    private NonBlockingGuard() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        BlockHound.install(builder -> builder
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .allowBlockingCallsInside("java.io.PrintStream", "write")
                // The console's hand-off to its writer (logback-spring.xml) waits only when 8192 lines are queued.
                .allowBlockingCallsInside("dev.skyport.gateway.observability.BatchingAppender", "append")
                .allowBlockingCallsInside("java.lang.ClassLoader", "loadClass")
                .allowBlockingCallsInside("java.lang.ClassLoader", "getResource")
                .allowBlockingCallsInside("java.lang.ClassLoader", "getResources")
                .allowBlockingCallsInside("java.lang.ClassLoader", "getResourceAsStream")
                .allowBlockingCallsInside("java.lang.Class", "getResourceAsStream")
                .allowBlockingCallsInside("org.springframework.boot.validation.MessageSourceMessageInterpolator",
                        "interpolate")
                .allowBlockingCallsInside("org.webjars.WebJarVersionLocator", "version")
                // Lettuce's writer lock around a command's hand-off to its channel: held for a counter update, and
                // contended when an event loop and another thread send at the same instant. An Error thrown from
                // inside it (as below) would leave the lock taken and wedge the Redis connection for every later test.
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
                // Spring Data Redis's lock around the shared connection, taken twice by every template call for a
                // null check; two threads calling Redis at the same instant make one of them park for that long.
                // Opening the connection under that lock is a real blocking connect, so that stays forbidden (the
                // SmartLifecycle warm-up opens it at start). Its script lock (DefaultRedisScript.getSha1, a park
                // in a decision record's store on Lettuce's event loop) is not allowed: redis.LuaScript has none.
                .allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
                        "getOrCreateSharedReactiveConnection")
                .allowBlockingCallsInside(
                        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
                        "getConnection")
                .disallowBlockingCallsInside(
                        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
                        "getNativeConnection")
                // Cancelling a scheduled task takes the executor queue's lock for a moment
                // (ScheduledThreadPoolExecutor$DelayedWorkQueue.remove). Reactor's own BlockHound integration allows
                // this in SchedulerTask.dispose but not in the worker tasks Flux.interval runs on; the WebSocket
                // watchdog is disposed on the event loop when its session ends.
                .allowBlockingCallsInside("reactor.core.scheduler.PeriodicWorkerTask", "dispose")
                .allowBlockingCallsInside("reactor.core.scheduler.WorkerTask", "dispose")
                .blockingMethodCallback(method -> {
                    // Only calls the gateway's own code makes count: libraries' private I/O threads (the AWS SDK's
                    // Netty client, Lettuce) are theirs to manage; those are printed, not failed.
                    StackTraceElement[] stack = new Throwable().getStackTrace();
                    String gatewayFrame = java.util.Arrays.stream(stack).map(StackTraceElement::toString)
                            .filter(f -> f.startsWith("dev.skyport.gateway.") && !f.startsWith("dev.skyport.gateway.support.")
                                    // Netty handlers every inbound read passes through on its way up: they are the
                                    // bottom of every request's stack, not the caller of what blocked.
                                    && !f.startsWith("dev.skyport.gateway.limits.RequestHeadDeadline"))
                            .findFirst().orElse(null);
                    String where = method + " on " + Thread.currentThread().getName();
                    if (gatewayFrame == null) {
                        System.err.println("blockhound (library thread, not failed): " + where + " at "
                                + java.util.Arrays.stream(stack).skip(2).limit(12).map(StackTraceElement::toString)
                                        .filter(f -> !f.startsWith("reactor.blockhound")).toList());
                        return;
                    }
                    // The stack goes into the report: a rare park is diagnosable only from where it happened.
                    String at = java.util.Arrays.stream(stack).skip(2).limit(40).map(StackTraceElement::toString)
                            .filter(f -> !f.startsWith("reactor.blockhound")).toList().toString();
                    detected.add(where + " via " + gatewayFrame + " at " + at);
                    throw new Error("Blocking call on a non-blocking thread: " + where + " via " + gatewayFrame);
                }));
        installed = true;
    }
}
