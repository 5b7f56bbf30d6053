package io.marketflow.persistence.db;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@code marketflow.db.*}; each side builds its own role pools from it. */
@AutoConfiguration
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseAutoConfiguration {
}
