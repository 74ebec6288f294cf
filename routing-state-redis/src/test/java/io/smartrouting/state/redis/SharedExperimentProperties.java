package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import io.smartrouting.core.experiment.Experiment;
import io.smartrouting.core.experiment.StickyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * An experiment on two nodes of one Redis tenant: on each node one router per variant on one store, each owning its
 * variant's leads. Leads are routed on random nodes, contacted, released, a rep is offboarded, and every router's
 * timer pass runs in random order as the clock moves (the lease holder escalating missed deadlines and draining
 * queues); however the work was spread, every event a variant's router sends is about a lead of its own variant.
 */
class SharedExperimentProperties extends RedisProperties {

  private static final List<String> VARIANTS = List.of("control", "scoring", "hold");
  /** Addresses of Acme (an account known by its domain), of companies no account knows, and none. */
  private static final String[] DOMAINS = {"acme.com", "initech.example", "globex.example", "hooli.example", null};

  private record Told(String variant, RoutingEvent event) {}

  @Property(tries = 12)
  void everyEventOfAVariantsRouterIsAboutItsOwnVariantsLeads(@ForAll long seed) throws Exception {
    String tenant = freshTenant("experiment");
    Random rnd = new Random(seed);
    // Split by account, a lead's saved facts do not give its sticky key (an account matched by address is named by
    // id, an address of no account is not kept): the routers tag the facts they save with their variant.
    StickyKey key = rnd.nextBoolean() ? StickyKey.LEAD_ID : StickyKey.ACCOUNT;
    Function<Lead, String> split = Experiment.splitter("redis-exp", key, VARIANTS, List.of(2.0, 1.0, 1.0));
    java.util.Map<String, String> routedIn = new java.util.HashMap<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-06T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(4).responseMinutes(5).build(),
        Rep.builder("ben").territories("US").capacity(4).responseMinutes(30).build(),
        Rep.builder("cy").territories("US").capacity(4).build());
    List<Told> told = new CopyOnWriteArrayList<>();
    List<RedisStateStore> stores = new ArrayList<>();
    List<Experiment> nodes = new ArrayList<>();
    List<Router> routers = new ArrayList<>();
    try {
      for (int n = 0; n < 2; n++) {
        RedisStateStore store = server.patientStore(tenant).takeover(Duration.ofSeconds(2))
            .refreshInterval(Duration.ofMillis(50)).build();
        stores.add(store);
        Experiment.Builder b = Experiment.builder("redis-exp").stickyBy(key);
        for (String v : VARIANTS) {
          ChainStep step = switch (v) {
            case "control" -> ChainStep.of("round-robin");
            case "scoring" -> ChainStep.of("weighted");
            default -> ChainStep.toQueue("holding");
          };
          Router r = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().step(step)
              .sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
              .accounts(List.of(io.smartrouting.api.Account.builder("acme").name("Acme").domains("acme.com").build()))
              .tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("redis-exp", v))
              .ownsLeads(lead -> split.apply(lead).equals(v))
              .listener(e -> told.add(new Told(v, e))).build();
          routers.add(r);
          b.variant(v, r, v.equals("control") ? 2 : 1);
        }
        nodes.add(b.build());
      }
      List<String> open = new ArrayList<>();
      boolean offboarded = false;
      for (int i = 0; i < 30; i++) {
        int op = rnd.nextInt(10);
        Experiment node = nodes.get(rnd.nextInt(2));
        if (op < 5 || open.isEmpty()) {
          String domain = DOMAINS[rnd.nextInt(DOMAINS.length)];
          Lead lead = Lead.builder("L" + i).country("US").email(domain == null ? null : "buyer" + i + "@" + domain)
              .source(rnd.nextBoolean() ? LeadSource.DEMO_REQUEST : LeadSource.CONTENT).build();
          node.route(lead);
          routedIn.put(lead.id(), node.routedVariant(lead.id()).orElseThrow());
          open.add(lead.id());
        } else if (op < 6) {
          String id = open.get(rnd.nextInt(open.size()));
          routerOf(nodes, id).recordContact(id, clock.instant());
        } else if (op < 7) {
          String id = open.remove(rnd.nextInt(open.size()));
          routerOf(nodes, id).release(id);
        } else if (op < 8 && !offboarded) {
          offboarded = true;
          node.offboard("ana", rnd.nextBoolean() ? OffboardPolicy.reroute() : OffboardPolicy.toQueue("handover"));
        } else {
          clock.advance(Duration.ofSeconds(30 + rnd.nextInt(300)));
          for (RedisStateStore s : stores) {
            s.refresh();
          }
          List<Router> shuffled = new ArrayList<>(routers);
          java.util.Collections.shuffle(shuffled, rnd);
          for (Router r : shuffled) {
            r.fireDueTimers();
          }
        }
      }
      assertThat(told).isNotEmpty();
      // The counts are the store's: one report on either node, each routed lead counted once.
      assertThat(nodes.get(0).report()).isEqualTo(nodes.get(1).report());
      assertThat(nodes.get(0).report().variants().stream().mapToLong(v -> v.leads()).sum())
          .isEqualTo(routedIn.size());
      for (Told t : told) {
        assertThat(routedIn.get(t.event().leadId()))
            .as("%s sent by a router of variant %s, split by %s", t.event(), t.variant(), key).isEqualTo(t.variant());
      }
    } finally {
      closeAll(routers, stores);
    }
  }

  /** The router of the variant a lead was routed in, on the node that routed it (either node's would do). */
  private static Router routerOf(List<Experiment> nodes, String leadId) {
    for (Experiment e : nodes) {
      java.util.Optional<String> v = e.routedVariant(leadId);
      if (v.isPresent()) {
        return e.router(v.get());
      }
    }
    throw new AssertionError("no node routed " + leadId);
  }
}
