package dev.skyport.starter.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxRequestSize largest request body a service accepts (413 above) */
@ConfigurationProperties("skyport.web")
public record SkyportWebProperties(@DefaultValue("1MB") DataSize maxRequestSize) {
}
