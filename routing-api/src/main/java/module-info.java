/**
 * The types a vendor compiles against and a strategy author implements: leads, reps, accounts, decisions and their
 * explanations ({@code io.smartrouting.api}), and the strategy SPI ({@code io.smartrouting.spi}). No third-party type
 * appears in it; JSpecify annotations mark what may be null.
 */
module io.smartrouting.api {
  requires transitive org.jspecify;

  exports io.smartrouting.api;
  exports io.smartrouting.spi;
}
