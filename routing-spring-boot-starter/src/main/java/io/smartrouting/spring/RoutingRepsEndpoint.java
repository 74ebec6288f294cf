package io.smartrouting.spring;

import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The actuator endpoint {@code routingreps}: for every tenant's router, or one ({@code /actuator/routingreps/{tenant}}),
 * each rep of the live roster with whether it may take a lead now and why not (the explanations' words: off shift,
 * time off, out of office, set unavailable), its open leads against capacity, and its leads today against its daily
 * cap; then how many reps may take leads and the queue depths. "Why does ana get no leads?" on a running service.
 * Rep ids only: no names or other personal data. Expose it as any endpoint
 * ({@code management.endpoints.web.exposure.include=health,info,routingreps}).
 */
@Endpoint(id = "routingreps")
public final class RoutingRepsEndpoint {

  private final RoutingTenants tenants;

  /**
   * The endpoint over {@code tenants}' routers.
   *
   * @param tenants the tenants' routers
   */
  public RoutingRepsEndpoint(RoutingTenants tenants) {
    this.tenants = Objects.requireNonNull(tenants, "tenants must not be null");
  }

  /**
   * Every tenant's reps, by tenant.
   *
   * @return the reps by tenant
   */
  @ReadOperation
  public Map<String, Object> reps() {
    Map<String, Object> all = new LinkedHashMap<>();
    // By tenant: an experiment's variants share one roster and store, so one view of it (its control's router).
    tenants.tenants().forEach(tenant -> all.put(tenant, repsOf(java.util.Objects.requireNonNull(
        tenants.viewOf(tenant)))));
    return all;
  }

  /**
   * One tenant's reps, or null (404) for a tenant this service does not route for.
   *
   * @param tenant the tenant id
   * @return its reps, or null
   */
  @ReadOperation
  public @Nullable Map<String, Object> tenant(@Selector String tenant) {
    Router router = tenants.viewOf(tenant);
    return router == null ? null : repsOf(router);
  }

  /**
   * One rep of one tenant ({@code /actuator/routingreps/{tenant}/{repId}}): what the tenant's list says of it, and the
   * open leads it holds, oldest first, each with its tier, when it was placed with the rep, its first-contact
   * deadline, its first contact and progress, and whether it was placed above capacity: "what is on ana's desk?". Lead
   * ids only. Null (404) for a tenant this service does not route for, or a rep that is neither on the roster nor
   * holding a lead (one that left the roster and still holds leads is listed with {@code onRoster: false}).
   *
   * @param tenant the tenant id
   * @param repId the rep
   * @return the rep, or null
   */
  @ReadOperation
  public @Nullable Map<String, Object> rep(@Selector String tenant, @Selector String repId) {
    Router router = tenants.viewOf(tenant);
    if (router == null) {
      return null;
    }
    Rep rep = null;
    for (Rep r : router.roster()) {
      if (r.id().equals(repId)) {
        rep = r;
        break;
      }
    }
    List<io.smartrouting.core.state.Placement> held = router.openPlacements(repId);
    if (rep == null && held.isEmpty()) {
      return null;
    }
    Map<String, Object> out;
    if (rep != null) {
      Map<String, RoutingMetrics.RepLoad> load = new LinkedHashMap<>();
      for (RoutingMetrics.RepLoad l : router.metrics().repLoad()) {
        load.put(l.repId(), l);
      }
      out = repEntry(router, rep, load.get(repId), covering(router));
    } else {
      out = new LinkedHashMap<>();
      out.put("id", repId);
      out.put("onRoster", false);
    }
    List<Map<String, Object>> leads = new ArrayList<>(held.size());
    for (io.smartrouting.core.state.Placement p : held) {
      Map<String, Object> lead = new LinkedHashMap<>();
      lead.put("id", p.leadId());
      lead.put("tier", p.tier().number());
      lead.put("assignedAt", p.assignedAt().toString());
      if (!p.firstRoutedAt().equals(p.assignedAt())) {
        // It came to this rep by a move: how long the customer has waited runs from here.
        lead.put("firstRoutedAt", p.firstRoutedAt().toString());
      }
      if (p.slaBreaches() > 0) {
        lead.put("missedDeadlines", p.slaBreaches());
      }
      putInstant(lead, "slaDeadline", p.slaDeadline());
      putInstant(lead, "contactedAt", p.contactedAt());
      putInstant(lead, "progressedAt", p.progressedAt());
      if (p.capacityOverride()) {
        lead.put("aboveCapacity", true);
      }
      leads.add(lead);
    }
    out.put("leads", leads);
    return out;
  }

  private static void putInstant(Map<String, Object> into, String key, java.time.@Nullable Instant at) {
    if (at != null) {
      into.put(key, at.toString());
    }
  }

  private static Map<String, Object> repsOf(Router router) {
    RoutingMetrics metrics = router.metrics();
    Map<String, RoutingMetrics.RepLoad> load = new LinkedHashMap<>();
    for (RoutingMetrics.RepLoad l : metrics.repLoad()) {
      load.put(l.repId(), l);
    }
    List<Map<String, Object>> reps = new ArrayList<>();
    int available = 0;
    Map<String, List<String>> covering = covering(router);
    for (Rep rep : router.roster()) {
      Map<String, Object> r = repEntry(router, rep, load.get(rep.id()), covering);
      available += Boolean.TRUE.equals(r.get("available")) ? 1 : 0;
      reps.add(r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", metrics.at().toString());
    out.put("configVersion", router.configVersion());
    out.put("available", available);
    out.put("atDailyCap", metrics.repsAtDailyCap());
    out.put("queueDepth", metrics.queueDepth());
    out.put("queueOldestWait", waits(metrics));
    out.put("reps", reps);
    return out;
  }

  /** What the list says of rep {@code rep}, with its load {@code l} from the router's metrics (null: read it). */
  /** Whose desk each rep covers now: the reps whose time off at the router's instant names it, in roster order. */
  private static Map<String, List<String>> covering(Router router) {
    java.time.Instant now = router.clock().instant();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Rep r : router.roster()) {
      io.smartrouting.api.TimeOff t = r.timeOffAt(now);
      if (t != null && t.coverRepId() != null) {
        out.computeIfAbsent(t.coverRepId(), k -> new ArrayList<>()).add(r.id());
      }
    }
    return out;
  }

  private static Map<String, Object> repEntry(Router router, Rep rep, RoutingMetrics.@Nullable RepLoad l,
      Map<String, List<String>> covering) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", rep.id());
    java.util.Optional<String> why = router.unavailability(rep.id());
    r.put("available", why.isEmpty());
    why.ifPresent(w -> r.put("unavailable", w));
    r.put("openLeads", l == null ? router.openLeads(rep.id()) : l.open());
    r.put("capacity", rep.capacity());
    int kinds = (rep.dailyCap() > 0 ? 1 : 0) + (rep.weeklyCap() > 0 ? 1 : 0) + (rep.monthlyCap() > 0 ? 1 : 0);
    if (kinds > 1) {
      // Caps of several periods: each cap, and the leads of the period that binds now (at its cap, or closest).
      String[] names = {"dailyCap", "weeklyCap", "monthlyCap"};
      int[] caps = {rep.dailyCap(), rep.weeklyCap(), rep.monthlyCap()};
      for (int k = 0; k < 3; k++) {
        if (caps[k] > 0) {
          r.put(names[k], caps[k]);
        }
      }
      r.put("leadsInBindingPeriod", l == null ? router.leadsTakenToday(rep.id()) : l.takenToday());
      if (l != null) {
        r.put("bindingCap", l.dailyCap());
      }
    } else if (rep.dailyCap() > 0) {
      r.put("leadsToday", l == null ? router.leadsTakenToday(rep.id()) : l.takenToday());
      r.put("dailyCap", rep.dailyCap());
    } else if (rep.weeklyCap() > 0) {
      r.put("leadsThisWeek", l == null ? router.leadsTakenToday(rep.id()) : l.takenToday());
      r.put("weeklyCap", rep.weeklyCap());
    } else if (rep.monthlyCap() > 0) {
      r.put("leadsThisMonth", l == null ? router.leadsTakenToday(rep.id()) : l.takenToday());
      r.put("monthlyCap", rep.monthlyCap());
    }
    List<String> covers = covering.get(rep.id());
    if (covers != null) {
      r.put("coveringFor", covers);
    }
    return r;
  }

  /** Each queue's longest wait as ISO-8601 text ({@code PT12M}), sorted by queue, for JSON. */
  static Map<String, String> waits(io.smartrouting.core.RoutingMetrics metrics) {
    Map<String, String> out = new java.util.TreeMap<>();
    metrics.queueOldestWait().forEach((q, d) -> out.put(q, d.toString()));
    return out;
  }
}
