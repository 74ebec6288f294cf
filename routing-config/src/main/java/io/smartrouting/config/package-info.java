/**
 * Routing rules as data: {@link io.smartrouting.config.RoutingConfig} loads one YAML or JSON document (schema:
 * {@code io/smartrouting/config/routing-config.schema.json} on the classpath), checks all of it at once
 * ({@link io.smartrouting.config.ConfigException} lists every {@link io.smartrouting.config.ConfigError} with file,
 * line, column, path and value) and builds a {@code Router}.
 */
@NullMarked
package io.smartrouting.config;

import org.jspecify.annotations.NullMarked;
