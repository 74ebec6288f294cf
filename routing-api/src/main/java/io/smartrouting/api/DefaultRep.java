package io.smartrouting.api;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The immutable {@link Rep} made by {@link Rep.Builder}. Not API. */
record DefaultRep(
    String id,
    @Nullable String name,
    @Nullable String team,
    RepRole role,
    @Nullable String managerId,
    Set<String> territories,
    Set<String> namedAccounts,
    Set<String> industries,
    Set<Segment> segments,
    Set<String> languages,
    ZoneId timeZone,
    int capacity,
    int dailyCap,
    int weeklyCap,
    int monthlyCap,
    double weight,
    double responseMinutes,
    boolean active,
    Map<String, String> attributes,
    WorkingHours workingHours,
    java.util.List<TimeOff> timeOff,
    Map<String, Integer> skills) implements Rep {

  @Override
  public String toString() {
    // The name is personal data: keep it out of toString, which ends up in logs.
    return "Rep[id=" + id + ", team=" + team + ", role=" + role + ", territories=" + territories
        + ", industries=" + industries + ", segments=" + segments + ", capacity=" + capacity
        + (dailyCap > 0 ? ", dailyCap=" + dailyCap : "") + (weeklyCap > 0 ? ", weeklyCap=" + weeklyCap : "")
        + (monthlyCap > 0 ? ", monthlyCap=" + monthlyCap : "")
        + ", active=" + active
        + ", workingHours=" + workingHours + ", timeOff=" + timeOff.size() + " periods]";
  }
}
