package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Rep;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An account naming an owner (or team member, backup, AE) who is not on the roster routes its leads past that person
 * without another sign; the router says so at WARN (a count: ids may be e-mail addresses), once per change.
 */
class AccountPeopleOffRosterTest {

  private static String stderrOf(Runnable r) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOwnerNotOnTheRosterIsWarnedOfOncePerChangeWithoutItsId() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").build(), Rep.builder("ben").territories("US").build());
    Account typo = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("bob.smith@vendor.example")
        .teamRepIds(List.of("ben")).build();
    Router[] router = new Router[1];
    String built = stderrOf(() -> router[0] = Router.builder().roster(reps).accounts(List.of(typo))
        .strategies(StrategyRegistry.of()).step("ll", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED)
        .build());
    assertThat(built).contains("1 account(s) name 1 owner, team, backup or AE id(s) not on roster version 1: their"
        + " leads cannot reach them").doesNotContain("bob.smith");

    assertThat(stderrOf(() -> router[0].updateRoster(reps))).as("the same gap is not told again")
        .doesNotContain("not on roster");
    String fixed = stderrOf(() -> router[0].updateAccounts(List.of(
        Account.builderFrom(typo).ownerRepId("ana").build())));
    assertThat(fixed).doesNotContain("not on roster");
    String left = stderrOf(() -> router[0].updateRoster(List.of(Rep.builder("ana").territories("US").build())));
    assertThat(left).as("a team member leaving the roster").contains("1 account(s) name 1 owner, team, backup or AE"
        + " id(s) not on roster version 4");
  }
}
