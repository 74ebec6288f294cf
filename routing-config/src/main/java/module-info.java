/**
 * The routing configuration document (YAML or JSON) and its loader: {@code RoutingConfig.load} validates a document,
 * reports every problem with file, line, column and path, and builds a {@code Router}. The parser and binder live in
 * {@code io.smartrouting.config.internal}, which is not exported.
 */
module io.smartrouting.config {
  requires transitive io.smartrouting.core;
  requires io.smartrouting.strategies;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;

  exports io.smartrouting.config;
}
