package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pull-queue example: what it prints is what the README says it does. */
class PullQueueExampleTest {

  @Test
  void tierThreeLeadsWaitInThePoolForClaimsThenArePushed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      PullQueueExample.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("web-1 (tier 3) -> queue pool by queue:pool\n")
        .contains("demo-1 (tier 1) -> ana by round-robin\n")
        .contains("ben may claim [web-1, web-2, web-3, web-4]\n")
        .contains("ben clicks next lead: web-1\n")
        .contains("ana clicks next lead: web-2\n")
        .contains("pushed at 15:09: 0\n")
        .contains("pushed at 15:14: 2\n")
        .contains("demo-1 -> ana\nweb-1 -> ben\nweb-2 -> ana\nweb-3 -> ben\nweb-4 -> ana\n");
  }
}
