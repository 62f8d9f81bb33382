package dev.skyport.starter.pagination;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param cursorSecret HMAC key for cursors (SKYPORT_CURSOR_SECRET); the same on every replica of a service */
@ConfigurationProperties("skyport.pagination")
public record SkyportPaginationProperties(String cursorSecret) {
}
