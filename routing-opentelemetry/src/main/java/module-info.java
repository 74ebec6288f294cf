/** OpenTelemetry spans for routing decisions: {@link io.smartrouting.opentelemetry.RoutingTracing}. */
module io.smartrouting.opentelemetry {
  requires transitive io.smartrouting.core;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;

  exports io.smartrouting.opentelemetry;
}
