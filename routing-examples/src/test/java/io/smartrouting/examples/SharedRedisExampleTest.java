package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.state.redis.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's Redis example, run against a real redis-server. */
class SharedRedisExampleTest {

  @Test
  void twoRoutersOnOneRedisShareCapacityAndTurns() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        SharedRedisExample.main(new String[] {"127.0.0.1", Integer.toString(server.port), "example"});
      } finally {
        System.setOut(old);
      }
      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("node A routed lead-1 -> ana").contains("node B routed lead-2 -> ben")
          .contains("node A routed lead-3 -> cai").contains("node B routed lead-4 -> ana")
          .contains("per rep: {ana=2, ben=2, cai=2, queue unassigned=2}");
    }
  }
}
