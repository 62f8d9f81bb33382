package dev.skyport.users.auth.keys;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.skyport.users.auth.AuthorizationServerProperties;

/**
 * Checks every {@code skyport.auth.keys.check-interval} whether the signing key is due for rotation. The first
 * check runs synchronously at start-up, so the service never answers a token request without a key.
 */
public class SigningKeyRotation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyRotation.class);

    private final SigningKeys signingKeys;
    private final AuthorizationServerProperties.Keys settings;
    private ScheduledExecutorService scheduler;

    public SigningKeyRotation(SigningKeys signingKeys, AuthorizationServerProperties properties) {
        this.signingKeys = signingKeys;
        this.settings = properties.keys();
    }

    @Override
    public synchronized void start() {
        signingKeys.rotateIfDue();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("signing-key-rotation").factory());
        long period = settings.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            signingKeys.rotateIfDue();
        } catch (RuntimeException e) {
            // The next check tries again; a transient DynamoDB error must not stop rotation for good.
            log.warn("Signing key rotation check failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // Before the web server starts taking requests (it starts in a later phase).
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
