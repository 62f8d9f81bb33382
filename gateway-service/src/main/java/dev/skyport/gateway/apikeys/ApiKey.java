package dev.skyport.gateway.apikeys;

import java.time.Instant;

import dev.skyport.gateway.GatewayProperties;

/** An issued API key as stored (never the secret itself, only its SHA-256), with its usage plan. */
public record ApiKey(String id, String name, String planName, GatewayProperties.Plan plan, String secretHash,
        boolean revoked, Instant createdAt) {
}
