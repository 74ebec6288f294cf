package io.smartrouting.strategies;

import io.smartrouting.api.Account;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import java.util.ArrayList;
import java.util.List;

/** The reference team the scenarios run against. */
final class ScenarioRoster {
  private ScenarioRoster() {}

  static final String[] WEST = {"US-CA", "US-OR", "US-WA", "US-NV", "US-AZ"};

  static List<Rep> reps() {
    List<Rep> reps = new ArrayList<>();
    reps.add(Rep.builder("west-hc-ent-1").team("enterprise").territories(WEST).segments(Segment.ENTERPRISE)
        .industries("healthcare").responseMinutes(12).capacity(2).managerId("ent-manager").build());
    reps.add(Rep.builder("west-hc-ent-2").team("enterprise").territories(WEST).segments(Segment.ENTERPRISE)
        .industries("healthcare").responseMinutes(25).capacity(10).managerId("ent-manager").build());
    reps.add(Rep.builder("west-ent-generalist").team("enterprise").territories(WEST)
        .segments(Segment.ENTERPRISE).responseMinutes(20).capacity(10).managerId("ent-manager").build());
    reps.add(Rep.builder("east-hc-ent").team("enterprise").territories("US-NY", "US-MA")
        .segments(Segment.ENTERPRISE).industries("healthcare").responseMinutes(5).capacity(10).build());
    reps.add(Rep.builder("ent-manager").team("enterprise").role(RepRole.MANAGER).territories("US-TX")
        .segments(Segment.ENTERPRISE).responseMinutes(90).capacity(5).active(false).build());
    reps.add(Rep.builder("smb-1").team("smb").territories("US").segments(Segment.SMB).capacity(500).weight(1)
        .build());
    reps.add(Rep.builder("smb-2").team("smb").territories("US").segments(Segment.SMB).capacity(500).weight(1)
        .build());
    reps.add(Rep.builder("smb-3").team("smb").territories("US").segments(Segment.SMB).capacity(500).weight(2)
        .build());
    reps.add(Rep.builder("mm-1").team("mid-market").territories("US").segments(Segment.MID_MARKET).capacity(50)
        .build());
    reps.add(Rep.builder("acme-owner").team("enterprise").territories("GB").segments(Segment.ENTERPRISE)
        .capacity(10).build());
    reps.add(Rep.builder("acme-team").team("enterprise").territories("GB").segments(Segment.ENTERPRISE)
        .capacity(10).build());
    reps.add(Rep.builder("acme-ae").team("enterprise").territories("GB").segments(Segment.ENTERPRISE)
        .capacity(10).build());
    return reps;
  }

  static List<Account> accounts() {
    return List.of(
        Account.builder("acme").name("Acme Ltd").domains("acme.co.uk").ownerRepId("acme-owner")
            .teamRepIds(List.of("acme-team")).aeRepId("acme-ae").build(),
        Account.builder("initech").name("Initech").domains("shared.example").build(),
        Account.builder("initrode").name("Initrode").domains("shared.example").build());
  }

  static List<Rep> with(List<Rep> reps, String id, java.util.function.UnaryOperator<Rep.Builder> change) {
    List<Rep> out = new ArrayList<>();
    for (Rep r : reps) {
      out.add(r.id().equals(id) ? change.apply(Rep.builderFrom(r)).build() : r);
    }
    return out;
  }
}
