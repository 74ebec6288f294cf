package io.smartrouting.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Routing documents written to a test's folder, and the errors of one that does not load. */
final class ConfigFiles {

  private ConfigFiles() {}

  /** Writes {@code document} to {@code routing.yaml} in {@code dir} (replacing it) and returns its path. */
  static Path write(Path dir, String document) throws java.io.IOException {
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, document, StandardCharsets.UTF_8);
    return doc;
  }

  /** The errors loading {@code doc} reports, each as {@code file:line:column: path: message}; it must not load. */
  static List<String> errorsLoading(Path doc) {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> RoutingConfig.load(doc));
    return e.errors().stream().map(Object::toString).toList();
  }
}
