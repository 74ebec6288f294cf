package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account-owner step says who took an account's lead and, person by person, why the ones before could not. */
class AccountOwnerReasonsTest {

  private static Rep rep(String id, boolean active) {
    return Rep.builder(id).name(id).territories("US").capacity(5).active(active).build();
  }

  private static Router router(List<String> inactive) {
    List<Rep> reps = new ArrayList<>();
    for (String id : List.of("owner", "team-1", "team-2", "backup", "ae", "p-owner", "p-team", "p-backup", "other")) {
      reps.add(rep(id, !inactive.contains(id)));
    }
    Account parent = Account.builder("parent").name("Parent").domains("parent.example").ownerRepId("p-owner")
        .teamRepIds(List.of("p-team")).backupRepId("p-backup").build();
    Account child = Account.builder("child").name("Child").domains("child.example").ownerRepId("owner")
        .teamRepIds(List.of("team-1", "team-2")).backupRepId("backup").aeRepId("ae").parentAccountId("parent")
        .build();
    return Router.builder().roster(reps).accounts(List.of(parent, child)).step("account-owner")
        .fallbackQueue("unowned").build();
  }

  private static String reason(Decision d) {
    String step = d.explain().lines().filter(l -> l.contains("account-owner:")).findFirst().orElseThrow();
    return step.substring(step.indexOf(" - ") + 3);
  }

  private static Decision route(Router r, boolean salesQualified) {
    return r.route(Lead.builder("l-" + System.nanoTime()).email("a@child.example").country("US")
        .salesQualified(salesQualified).build());
  }

  @Test
  void theOwnerTakesItWithTheShortReason() {
    Decision d = route(router(List.of()), false);
    assertThat(d.repId()).isEqualTo("owner");
    assertThat(reason(d)).isEqualTo("account owner");
    Decision ae = route(router(List.of()), true);
    assertThat(ae.repId()).isEqualTo("ae");
    assertThat(reason(ae)).isEqualTo("sales-qualified: handed to the account's AE");
  }

  @Test
  void eachPersonWhoCouldNotIsNamedWithWhyInOrder() {
    Decision team2 = route(router(List.of("owner", "team-1")), false);
    assertThat(team2.repId()).isEqualTo("team-2");
    assertThat(reason(team2)).isEqualTo("account team (owner owner: unavailable (out of office); "
        + "team member team-1: unavailable (out of office))");

    Decision backup = route(router(List.of("ae", "owner", "team-1", "team-2")), true);
    assertThat(backup.repId()).isEqualTo("backup");
    assertThat(reason(backup)).startsWith("account backup (AE ae: unavailable (out of office); owner owner: ")
        .endsWith("team member team-2: unavailable (out of office))");

    Decision parent = route(router(List.of("owner", "team-1", "team-2", "backup", "p-owner")), false);
    assertThat(parent.repId()).isEqualTo("p-team");
    assertThat(reason(parent)).startsWith("account team of parent account parent (owner owner: ")
        .contains("; backup backup: unavailable (out of office); owner of parent account parent p-owner: ")
        .endsWith(")");
  }

  @Test
  void whenNobodyCanTheStepPassesSayingWhyForEveryone() {
    Router r = router(List.of("owner", "team-1", "team-2", "backup", "p-owner", "p-team", "p-backup"));
    Decision d = route(r, false);
    assertThat(d.queue()).isEqualTo("unowned");
    String why = reason(d);
    assertThat(why).startsWith("account child: nobody can take it (owner owner: unavailable (out of office); ")
        .endsWith("backup of parent account parent p-backup: unavailable (out of office))");
    assertThat(why.split("; ")).hasSize(7);
  }
}
