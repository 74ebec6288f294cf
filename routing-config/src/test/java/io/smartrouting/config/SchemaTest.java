package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.config.internal.Binder;
import io.smartrouting.config.internal.Node;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema names exactly the keys the loader takes, section by section. */
class SchemaTest {

  @Test
  void theSchemaAndTheLoaderAgreeOnEveryKey() throws Exception {
    String json;
    try (InputStream in = RoutingConfig.class.getResourceAsStream("routing-config.schema.json")) {
      assertThat(in).as("schema on the classpath beside RoutingConfig").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Node root = Node.parse(json, "routing-config.schema.json", true).root();
    assertThat(root).isNotNull();
    for (Map.Entry<String, Set<String>> section : Binder.sections().entrySet()) {
      Node schema = at(root, section.getKey());
      assertThat(schema.get("properties").entries().keySet()).as("schema properties of '%s'", section.getKey())
          .containsExactlyInAnyOrderElementsOf(section.getValue());
      assertThat(schema.get("additionalProperties").value).as("'%s' rejects unknown keys", section.getKey())
          .isEqualTo(Boolean.FALSE);
    }
  }

  /** The object schema at a path such as {@code queues[].relax[]}: properties, array items, oneOf alternatives. */
  private static Node at(Node root, String path) {
    Node n = root;
    if (path.isEmpty()) {
      return n;
    }
    for (String part : path.split("\\.")) {
      boolean array = part.endsWith("[]");
      String key = array ? part.substring(0, part.length() - 2) : part;
      n = n.get("properties").get(key);
      if (array) {
        n = n.get("items");
      }
    }
    return n;
  }
}
