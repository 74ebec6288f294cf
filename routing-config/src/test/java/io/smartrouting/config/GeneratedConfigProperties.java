package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Routing documents written from the schema's own parts in random combinations (reps of every kind of territory,
 * segment, language, shift and cap; accounts; chains of every built-in step with tiers, conditions and rep filters;
 * queue rules; SLAs on both clocks; escalation, after-hours and fallback policies; claim windows; the lifecycle
 * settings; learning, with fair-share bounds or without; holiday calendars, time off with covers, hand-overs and
 * classification thresholds) either load or are refused with a {@link ConfigException}; one that loads runs: its router routes a stream
 * of leads of every kind with the clock moving, timers firing, contacts, releases, claims, updates of a lead's facts,
 * reassignments, requeues, transfers and offboardings, takes a second generated document as a reload in the middle,
 * and drains at the end, each new lead routed as its preview said it would be, with every open lead in exactly one
 * place after each, the same places at the end when the same run is made again,
 * step and no other exception. A generated document with an experiment of generated variants routes each lead
 * through its variant's router on one state store the variants share. Where the damaged example ({@link DamagedConfigProperties}) explores what people break,
 * this explores the combinations of what the example does not use.
 */
class GeneratedConfigProperties {

  private static final String[] TERRITORIES = {"US", "US-CA", "US-NY", "CA", "GB", "DE", "*", "US:941", "US:100-199"};
  private static final String[] SEGMENTS = {"SMB", "MID_MARKET", "ENTERPRISE"};
  private static final String[] LANGUAGES = {"en", "de", "fr"};
  private static final String[] INDUSTRIES = {"healthcare", "retail", "software"};
  private static final String[] ZONES = {"UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"};
  private static final String[] SHIFTS = {"MON-FRI 09:00-17:00", "Sun-Thu 22:00-06:00+1", "Daily 08:00-20:00",
      "Mon-Fri 9:00-12:00, 13:00-17:00"};
  private static final String[] STEPS = {"account-owner", "returning-contact", "same-company", "tier-fast-track",
      "weighted", "round-robin"};
  private static final String[] CONDITIONS = {"country = 'US'", "employees >= 1000", "industry IN ['retail',"
      + " 'software']", "source = 'DEMO_REQUEST'", "title CONTAINS 'vp'", "country IS MISSING",
      "email_domain ENDS WITH '.edu'", "icp >= 70 AND NOT country = 'DE'"};
  private static final String[] REP_FILTERS = {"team = 'a'", "team IN ['a', 'b']", "role = 'AE'",
      "territories HAS 'US'", "skills HAS 'healthcare'"};
  private static final String[] DURATIONS = {"90s", "5m", "15 minutes", "1h", "4h", "2d", "PT30M"};

  @Property(tries = 200)
  void aGeneratedDocumentLoadsOrIsRefusedAndWhatLoadsRoutesEveryLeadToOnePlace(@ForAll long seed) {
    List<String> once = run(seed);
    // Same input, same decisions: a second run of the same documents and operations ends every lead alike.
    assertThat(run(seed)).as("the same run again").isEqualTo(once);
  }

  /**
   * A generated document with an experiment of two or three generated variants (own chains, learning on or off):
   * each lead is routed by its variant's router as that router's preview said, stays in its variant, every open lead
   * is in one place in the state store the variants share, each rep's count there is the leads it holds, and the same
   * run ends alike; halfway, a second generated document of the same split is applied to the running experiment
   * (every variant takes it, or none when a variant would start learning on a router built without a model); a rep
   * offboarded through the experiment holds nothing afterwards (each variant's router moved the leads it owns); and
   * every event a variant's router sends is about a lead of its own variant (no router moves another variant's lead).
   */
  @Property(tries = 100)
  void aGeneratedExperimentRoutesEachLeadThroughItsVariantOnOneSharedStore(@ForAll long seed) {
    List<String> once = runExperiment(seed);
    assertThat(runExperiment(seed)).as("the same run again").isEqualTo(once);
  }

  private static List<String> runExperiment(long seed) {
    Random rnd = new Random(seed);
    String name = "e" + rnd.nextInt(1000);
    String sticky = rnd.nextBoolean() ? "account" : "lead_id";
    int[] shares = new int[2 + rnd.nextInt(2)];
    for (int v = 0; v < shares.length; v++) {
      shares[v] = 1 + rnd.nextInt(5);
    }
    String document = experimentDocument(rnd, "x1", name, sticky, shares);
    // The same split with other documents and variant chains: a reload the running experiment takes (or refuses, when
    // a variant starts learning on a router built without a model).
    String second = experimentDocument(rnd, "x2", name, sticky, shares);
    int variants = shares.length;
    RoutingConfig config = load(document);
    if (config == null) {
      return List.of();
    }
    RoutingConfig reload = load(second);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    io.smartrouting.core.state.InMemoryStateStore store = new io.smartrouting.core.state.InMemoryStateStore();
    String[] countries = {"US", "CA", "GB", "DE", null};
    Set<String> open = new HashSet<>();
    java.util.Map<String, String> variantOf = new java.util.HashMap<>();
    // What each variant's router told, lead by lead: every event a router sends is about a lead of its own variant.
    List<String[]> told = java.util.Collections.synchronizedList(new ArrayList<>());
    try (io.smartrouting.core.experiment.Experiment exp =
        config.toExperiment((variant, b) -> b.clock(clock).stateStore(store).manualTimers()
            .listener(e -> told.add(new String[] {variant, e.leadId(), e instanceof io.smartrouting.api.RoutingEvent.LeadMoved m ? "LeadMoved " + m.move() : e.getClass().getSimpleName()})).build())) {
      assertThat(exp.variants()).hasSize(variants);
      for (int i = 0; i < 80; i++) {
        if (i == 40 && reload != null) {
          try {
            reload.applyTo(exp);
            Statistics.label("experiment reload").collect("applied");
            for (String v : exp.variants()) {
              assertThat(exp.router(v).configVersion()).isEqualTo("x2/" + v);
            }
          } catch (IllegalArgumentException refused) {
            Statistics.label("experiment reload").collect("refused");
            assertThat(refused).hasMessageContaining("learns in this document");
            for (String v : exp.variants()) {
              assertThat(exp.router(v).configVersion()).as("nothing applied").isEqualTo("x1/" + v);
            }
          }
        }
        int op = rnd.nextInt(6);
        if (op < 3 || open.isEmpty()) {
          Lead built = lead(rnd, "L" + i, countries).build();
          String variant = exp.variantOf(built);
          Router router = exp.router(variant);
          Decision preview = router.preview(built);
          Decision d = exp.route(built);
          assertThat(new Object[] {d.repId(), d.queue(), d.decidedBy()}).as("variant %s's route after its preview:"
              + " %s, %s", variant, d.explain(), preview.explain())
              .containsExactly(preview.repId(), preview.queue(), preview.decidedBy());
          assertThat(router.placement(d.leadId())).as("%s placed by its variant's router", d.leadId()).isPresent();
          open.add(d.leadId());
          variantOf.put(d.leadId(), variant);
        } else if (op < 4) {
          String id = pick(open, rnd);
          if (exp.recordContact(id, clock.instant()) && rnd.nextBoolean()) {
            exp.recordOutcome(id, rnd.nextBoolean() ? io.smartrouting.api.Outcome.WON
                : io.smartrouting.api.Outcome.LOST);
          }
        } else if (op < 5) {
          String id = pick(open, rnd);
          assertThat(exp.release(id)).as("release of open lead %s", id).isTrue();
          open.remove(id);
        } else if (rnd.nextInt(8) == 0) {
          // A rep leaves: every variant's router moves the leads it owns, each by its own chain.
          List<Rep> roster = exp.router(exp.variants().get(0)).roster(); // after the reload, its roster
          String who = roster.get(rnd.nextInt(roster.size())).id();
          exp.offboard(who, rnd.nextBoolean() ? io.smartrouting.core.OffboardPolicy.reroute()
              : io.smartrouting.core.OffboardPolicy.toQueue("handover"));
          assertThat(store.rep(who).openLeads()).as("offboarded %s holds nothing", who).isZero();
        } else {
          clock.advance(Duration.ofMinutes(1 + rnd.nextInt(120)));
          for (String v : exp.variants()) {
            exp.router(v).fireDueTimers();
          }
        }
        synchronized (told) {
          for (String[] t : told) {
            assertThat(variantOf.get(t[1])).as("%s of %s's router about lead %s", t[2], t[0], t[1]).isEqualTo(t[0]);
          }
          told.clear();
        }
        java.util.Map<String, Integer> held = new java.util.HashMap<>();
        Set<String> placed = new HashSet<>();
        for (Placement p : store.placements()) {
          assertThat(placed.add(p.leadId())).as("%s placed once", p.leadId()).isTrue();
          assertThat(p.repId() == null).as("%s with a rep or in a queue", p.leadId()).isNotEqualTo(p.queue() == null);
          if (p.repId() != null) {
            held.merge(p.repId(), 1, Integer::sum);
          }
        }
        assertThat(placed).as("the open leads, in the shared store").isEqualTo(open);
        for (Rep r : config.reps()) {
          assertThat(store.rep(r.id()).openLeads()).as("%s's count in the shared store", r.id())
              .isEqualTo(held.getOrDefault(r.id(), 0));
        }
      }
      return places(store.placements(), id -> variantOf.get(id) + ":");
    } catch (RuntimeException e) {
      fail("a generated experiment loads, and a variant's router threw " + e + "; the document:\n" + document
          + "\nthe reload:\n" + second, e);
      return List.of();
    }
  }

  /** One run of the property: every lead's place at the end (lead id > rep or queue), in lead order. */
  private static List<String> run(long seed) {
    Random rnd = new Random(seed);
    String first = document(rnd, "g1");
    String second = document(rnd, "g2");
    RoutingConfig config = load(first);
    if (config == null) {
      return List.of();
    }
    RoutingConfig reload = load(second);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    Set<String> open = new HashSet<>();
    String[] countries = {"US", "CA", "GB", "DE", "FR", null};
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      java.util.Map<String, Lead> routed = new java.util.HashMap<>();
      for (int i = 0; i < 100; i++) {
        if (i == 50 && reload != null) {
          String before = router.configVersion();
          try {
            reload.applyTo(router);
          } catch (IllegalArgumentException refused) {
            // A document the running router cannot take (learning turned on for a router built without it): kept.
            assertThat(refused).hasMessageContaining("learning");
            assertThat(router.configVersion()).isEqualTo(before);
          }
        }
        int op = rnd.nextInt(15);
        if (op < 5 || open.isEmpty()) {
          Lead.Builder lead = lead(rnd, "L" + i, countries)
              .language(rnd.nextInt(3) == 0 ? LANGUAGES[rnd.nextInt(LANGUAGES.length)] : null);
          if (lead.build().source() != LeadSource.DEMO_REQUEST && rnd.nextInt(3) == 0) {
            lead.icpScore(rnd.nextInt(101));
          }
          if (rnd.nextInt(4) == 0) {
            lead.title(rnd.nextBoolean() ? "VP Sales" : "Engineer");
          }
          if (rnd.nextInt(4) == 0) {
            lead.postalCode(rnd.nextBoolean() ? "94105" : "10115");
          }
          Lead built = lead.build();
          Decision preview = router.preview(built);
          Decision d = router.route(built);
          assertThat(new Object[] {d.repId(), d.queue(), d.decidedBy()}).as("the route after its preview: %s, %s",
              d.explain(), preview.explain()).containsExactly(preview.repId(), preview.queue(), preview.decidedBy());
          assertThat(d.repId() == null).as("%s: with a rep or in a queue", d).isNotEqualTo(d.queue() == null);
          open.add(d.leadId());
          routed.put(d.leadId(), built);
        } else if (op < 6) {
          String id = pick(open, rnd);
          if (router.placement(id).map(Placement::repId).isPresent()) {
            router.recordContact(id, clock.instant());
            if (rnd.nextBoolean()) {
              // Closed: counted by a learning router for the rep that held it, then released.
              router.recordOutcome(id, rnd.nextBoolean() ? io.smartrouting.api.Outcome.WON
                  : io.smartrouting.api.Outcome.LOST);
              router.release(id);
              open.remove(id);
            }
          }
        } else if (op < 7) {
          String id = pick(open, rnd);
          assertThat(router.release(id)).as("release of open lead %s", id).isTrue();
          open.remove(id);
        } else if (op < 8) {
          List<Rep> roster = router.roster();
          if (!roster.isEmpty()) {
            router.claimNext(roster.get(rnd.nextInt(roster.size())).id());
          }
        } else if (op < 10) {
          clock.advance(Duration.ofMinutes(1 + rnd.nextInt(240)));
          router.fireDueTimers();
        } else if (op < 11) {
          // The lead's facts change: a demo request, a bigger company, another country.
          String id = pick(open, rnd);
          Lead.Builder changed = Lead.builderFrom(routed.get(id));
          int kind = rnd.nextInt(3);
          if (kind == 0) {
            changed.source(LeadSource.DEMO_REQUEST);
          } else if (kind == 1) {
            changed.employees(5000);
          } else {
            changed.country(countries[rnd.nextInt(countries.length - 1)]).region(null).postalCode(null);
          }
          Lead now = changed.build();
          router.update(now);
          routed.put(id, now);
        } else if (op < 12) {
          String id = pick(open, rnd);
          List<Rep> roster = router.roster();
          String to = roster.isEmpty() ? "nobody" : roster.get(rnd.nextInt(roster.size())).id();
          Placement before = router.placement(id).orElseThrow();
          try {
            router.reassign(id, to, "generated");
          } catch (IllegalArgumentException | IllegalStateException refused) {
            // Already the holder, or full: nothing changed.
            assertThat(router.placement(id)).contains(before);
          }
        } else if (op < 13) {
          String id = pick(open, rnd);
          Placement before = router.placement(id).orElseThrow();
          if (!"returns".equals(before.queue())) {
            router.requeue(id, "returns", "generated");
          }
        } else if (op < 14) {
          router.transfer(routed.get(pick(open, rnd)));
        } else {
          List<Rep> roster = router.roster();
          if (!roster.isEmpty()) {
            String who = roster.get(rnd.nextInt(roster.size())).id();
            router.offboard(who, rnd.nextBoolean() ? io.smartrouting.core.OffboardPolicy.reroute()
                : io.smartrouting.core.OffboardPolicy.toQueue("handover"));
            assertThat(router.openLeads(who)).as("offboarded %s holds nothing", who).isZero();
          }
        }
        assertOnePlaceEach(router, open);
      }
      router.drainQueues();
      assertOnePlaceEach(router, open);
      return places(router.openPlacements(), id -> "");
    } catch (RuntimeException e) {
      fail("a generated document loads, and its router threw " + e + "; the document:\n" + first
          + "\nthe reload:\n" + second, e);
      return List.of();
    }
  }

  /**
   * A generated document with an experiment of the given split: each variant learning as the document says, on, or
   * off, and with a generated chain of its own or the document's.
   */
  private static String experimentDocument(Random rnd, String version, String name, String sticky, int[] shares) {
    String base = document(rnd, version);
    boolean documentLearns = base.contains("\nlearning:");
    StringBuilder y = new StringBuilder(base).append("experiment:\n  name: ").append(name).append("\n  sticky_by: ")
        .append(sticky).append("\n  variants:\n");
    for (int v = 0; v < shares.length; v++) {
      y.append("    - name: v").append(v).append("\n      share: ").append(shares[v]).append('\n');
      int learning = rnd.nextInt(3);
      boolean learns = learning == 1 || learning == 0 && documentLearns;
      if (learning == 1) {
        y.append("      learning: {}\n");
      } else if (learning == 2) {
        y.append("      learning: off\n");
      }
      if (rnd.nextBoolean() || learning == 2 && documentLearns) {
        y.append("      chain:\n");
        steps(y, rnd, learns, "        ");
      }
    }
    return y.toString();
  }

  /** A lead of a random country, industry, size and address, a demo request one time in four. */
  private static Lead.Builder lead(Random rnd, String id, String[] countries) {
    Lead.Builder lead = Lead.builder(id).country(countries[rnd.nextInt(countries.length)])
        .industry(rnd.nextBoolean() ? INDUSTRIES[rnd.nextInt(INDUSTRIES.length)] : null);
    if (rnd.nextBoolean()) {
      lead.employees(rnd.nextInt(5000));
    }
    if (rnd.nextInt(3) == 0) {
      lead.email("p" + rnd.nextInt(6) + (rnd.nextBoolean() ? "@acme.com" : "@uni.edu"));
    }
    if (rnd.nextInt(4) == 0) {
      lead.source(LeadSource.DEMO_REQUEST);
    }
    return lead;
  }

  /** Each open lead's place ({@code tag(id)}, the lead id, {@code >} and its rep or queue), sorted. */
  private static List<String> places(java.util.Collection<Placement> placements,
      java.util.function.Function<String, String> tag) {
    List<String> ends = new ArrayList<>();
    for (Placement p : placements) {
      ends.add(tag.apply(p.leadId()) + p.leadId() + ">" + (p.repId() != null ? p.repId() : "queue:" + p.queue()));
    }
    ends.sort(null);
    return ends;
  }

  private static RoutingConfig load(String document) {
    try {
      RoutingConfig c = RoutingConfig.parse(document, "generated.yaml");
      Statistics.collect("loads");
      return c;
    } catch (ConfigException e) {
      Statistics.collect("refused");
      assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err.line()).isPositive());
      return null;
    } catch (RuntimeException e) {
      fail("a generated document threw " + e + " instead of a ConfigException:\n" + document, e);
      return null;
    }
  }

  private static void assertOnePlaceEach(Router router, Set<String> open) {
    Set<String> placed = new HashSet<>();
    for (Placement p : router.openPlacements()) {
      assertThat(placed.add(p.leadId())).as("%s placed once", p.leadId()).isTrue();
      assertThat(p.repId() == null).as("%s with a rep or in a queue", p.leadId()).isNotEqualTo(p.queue() == null);
    }
    assertThat(placed).as("the open leads").isEqualTo(open);
  }

  private static String pick(Set<String> open, Random rnd) {
    List<String> ids = new ArrayList<>(open);
    ids.sort(null);
    return ids.get(rnd.nextInt(ids.size()));
  }

  /** A routing document from random parts; {@code version} names it. */
  static String document(Random rnd, String version) {
    StringBuilder y = new StringBuilder("version: ").append(version).append('\n');
    int reps = 2 + rnd.nextInt(9);
    if (rnd.nextBoolean()) {
      y.append("capacity_threshold: ").append(0.5 + rnd.nextInt(6) / 10.0).append('\n');
    }
    if (rnd.nextBoolean()) {
      y.append("max_override: ").append(rnd.nextInt(4) / 10.0).append('\n');
    }
    if (rnd.nextInt(3) == 0) {
      y.append("recycle_stalled_leads: ").append(1 + rnd.nextInt(3)).append(" days\n");
    }
    if (rnd.nextInt(3) == 0) {
      y.append("when_reps_leave: ").append(rnd.nextBoolean() ? "reroute" : "account_backup_first").append('\n');
    }
    if (rnd.nextInt(3) == 0) {
      y.append("when_coverage_changes: move_uncovered_leads\n");
    }
    if (rnd.nextInt(3) == 0) {
      y.append("when_accounts_move: move_open_leads\n");
    }
    if (rnd.nextInt(3) == 0) {
      y.append("when_leads_qualify: ").append(rnd.nextBoolean() ? "hand_off" : "keep").append('\n');
    }
    boolean calendars = rnd.nextBoolean();
    if (calendars) {
      y.append("holidays:\n  US: [2026-12-08, 2026-12-25]\n  DE: ['2026-12-07', 2026-12-24]\n");
    }
    if (rnd.nextInt(3) == 0) {
      y.append("hand_over_when_away: ").append(1 + rnd.nextInt(3)).append(" days\n");
    }
    if (rnd.nextInt(3) == 0) {
      y.append("classification: {enterprise_employees: ").append(500 + rnd.nextInt(2000))
          .append(", mid_market_employees: ").append(50 + rnd.nextInt(300)).append(", tier2_icp: ")
          .append(50 + rnd.nextInt(40)).append("}\n");
    }
    y.append("reps:\n");
    for (int i = 0; i < reps; i++) {
      y.append("  - {id: r").append(i).append(", territories: ").append(some(rnd, TERRITORIES, 1));
      if (rnd.nextBoolean()) {
        y.append(", segments: ").append(some(rnd, SEGMENTS, 1));
      }
      if (rnd.nextBoolean()) {
        y.append(", languages: ").append(some(rnd, LANGUAGES, 1));
      }
      if (rnd.nextBoolean()) {
        y.append(", industries: ").append(some(rnd, INDUSTRIES, 1));
      }
      y.append(", capacity: ").append(1 + rnd.nextInt(8));
      y.append(", team: ").append(rnd.nextBoolean() ? "a" : "b");
      if (rnd.nextInt(3) == 0) {
        y.append(", role: ").append(rnd.nextBoolean() ? "AE" : "SDR");
      }
      if (i > 0 && rnd.nextInt(3) == 0) {
        y.append(", manager: r0");
      }
      if (rnd.nextBoolean()) {
        y.append(", time_zone: ").append(ZONES[rnd.nextInt(ZONES.length)]);
      }
      if (rnd.nextBoolean()) {
        y.append(", working_hours: '").append(SHIFTS[rnd.nextInt(SHIFTS.length)]).append('\'');
      }
      if (rnd.nextInt(4) == 0) {
        y.append(", daily_cap: ").append(1 + rnd.nextInt(3));
      }
      if (rnd.nextInt(6) == 0) {
        y.append(", active: false");
      }
      if (rnd.nextInt(4) == 0) {
        y.append(", weight: ").append(1 + rnd.nextInt(3));
      }
      if (rnd.nextInt(5) == 0) {
        y.append(", response_minutes: ").append(1 + rnd.nextInt(120));
      }
      if (calendars && rnd.nextInt(3) == 0) {
        y.append(", holidays: ").append(rnd.nextBoolean() ? "US" : "[DE, 2026-12-09]");
      }
      if (rnd.nextInt(4) == 0) {
        // Time off around the routing (the stream starts on 7 December at 15:00 UTC), a colleague covering in half.
        int from = 6 + rnd.nextInt(4);
        y.append(", time_off: ['2026-12-").append(String.format(java.util.Locale.ROOT, "%02d", from))
            .append(" to 2026-12-").append(String.format(java.util.Locale.ROOT, "%02d", from + rnd.nextInt(5)))
            .append(": away");
        int cover = rnd.nextInt(reps);
        if (cover != i && rnd.nextBoolean()) {
          y.append(" (cover: r").append(cover).append(')');
        }
        y.append("']");
      }
      y.append("}\n");
    }
    if (rnd.nextBoolean()) {
      y.append("accounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner: r").append(rnd.nextInt(reps));
      if (rnd.nextBoolean()) {
        y.append(", team: [r").append(rnd.nextInt(reps)).append(']');
      }
      if (rnd.nextInt(3) == 0) {
        y.append(", tier: one-to-one");
      }
      y.append("}\n");
    }
    boolean learning = rnd.nextInt(3) == 0;
    if (learning) {
      y.append("learning: {half_life_outcomes: ").append(rnd.nextBoolean() ? 0 : 10 + rnd.nextInt(50))
          .append(", exploration_share: ").append(rnd.nextInt(3) / 10.0).append("}\n");
    }
    y.append("chain:\n");
    steps(y, rnd, learning, "  ");
    if (rnd.nextBoolean()) {
      y.append("sla:\n");
      for (int t = 1; t <= 3; t++) {
        int kind = rnd.nextInt(3);
        y.append("  tier").append(t).append(": ").append(kind == 0 ? "none" : kind == 1
            ? DURATIONS[rnd.nextInt(DURATIONS.length)] : "{within: " + DURATIONS[rnd.nextInt(DURATIONS.length)]
                + ", clock: " + (rnd.nextBoolean() ? "business" : "wall") + "}").append('\n');
      }
    }
    if (rnd.nextBoolean()) {
      y.append("escalation: {max_reassignments: ").append(rnd.nextInt(3)).append(", notify_manager: ")
          .append(rnd.nextBoolean()).append(", queue: escalations}\n");
    }
    if (rnd.nextBoolean()) {
      y.append("after_hours: {policy: ").append(rnd.nextBoolean() ? "next-shift" : "follow-the-sun")
          .append(", queue: next-shift}\n");
    }
    y.append("fallback: {queue: unassigned, manager: ").append(rnd.nextBoolean()).append("}\n");
    if (rnd.nextBoolean()) {
      y.append("queues:\n  - {name: unassigned");
      if (rnd.nextBoolean()) {
        y.append(", claimed_by: \"").append(REP_FILTERS[rnd.nextInt(2)]).append('"');
      }
      if (rnd.nextBoolean()) {
        y.append(", claim_window: ").append(DURATIONS[rnd.nextInt(3)]);
      }
      y.append("}\n");
    }
    return y.toString();
  }

  /** Chain steps of every kind, one a line, each line starting with {@code indent}. */
  private static void steps(StringBuilder y, Random rnd, boolean learning, String indent) {
    if (learning) {
      // The weighted step with learned performance, and with fair-share bounds in half of them.
      y.append(indent).append("- {label: learned, strategy: weighted, config: {weight: {territory: 0.2, industry:"
          + " 0.1, segment: 0.1, capacity: 0.1, response: 0.1, performance: 0.4}");
      if (rnd.nextBoolean()) {
        y.append(", fairness: {min: 0.5, max: 1.5, halfLife: ").append(10 + rnd.nextInt(200)).append('}');
      }
      y.append("}}\n");
    }
    int steps = 1 + rnd.nextInt(5);
    for (int i = 0; i < steps; i++) {
      if (rnd.nextInt(6) == 0) {
        y.append(indent).append("- {label: s").append(i).append(", queue: vip, when: \"")
            .append(CONDITIONS[rnd.nextInt(CONDITIONS.length)]).append("\"}\n");
        continue;
      }
      String step = STEPS[rnd.nextInt(STEPS.length)];
      y.append(indent).append("- {label: s").append(i).append(", strategy: ").append(step);
      if (rnd.nextInt(3) == 0) {
        y.append(", tiers: [").append(step.equals("tier-fast-track") ? 1 : 1 + rnd.nextInt(3)).append(']');
      }
      if (rnd.nextInt(4) == 0) {
        y.append(", when: \"").append(CONDITIONS[rnd.nextInt(CONDITIONS.length)]).append('"');
      }
      if (rnd.nextInt(5) == 0) {
        y.append(", reps: \"").append(REP_FILTERS[rnd.nextInt(REP_FILTERS.length)]).append('"');
      }
      y.append("}\n");
    }
  }

  /** A YAML list of at least {@code min} distinct entries of {@code from}, in random order. */
  private static String some(Random rnd, String[] from, int min) {
    List<String> all = new ArrayList<>(List.of(from));
    java.util.Collections.shuffle(all, rnd);
    int n = min + rnd.nextInt(from.length - min + 1);
    return "['" + String.join("', '", all.subList(0, Math.min(n, 3))) + "']";
  }
}
