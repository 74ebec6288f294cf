/** Micrometer meters for a {@code Router}: {@link io.smartrouting.micrometer.RoutingMeterBinder}. */
module io.smartrouting.micrometer {
  requires transitive io.smartrouting.core;
  requires transitive micrometer.core;
  requires org.slf4j;

  exports io.smartrouting.micrometer;
}
