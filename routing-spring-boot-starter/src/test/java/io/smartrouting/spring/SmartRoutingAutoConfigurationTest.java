package io.smartrouting.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SmartRoutingAutoConfigurationTest {

  private static final String US_TEAM = """
      version: "us-1"
      reps:
        - {id: ana, territories: [US], capacity: 10}
        - {id: bo, territories: [US], capacity: 10}
      chain:
        - strategy: round-robin
      """;

  private static final String EU_TEAM = """
      version: "eu-7"
      reps:
        - {id: eva, territories: [DE, FR], capacity: 5}
      chain:
        - strategy: round-robin
      """;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SmartRoutingAutoConfiguration.class));

  @Test
  void oneDocumentGivesOneRouterBean() {
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Router.class).hasSingleBean(RoutingTenants.class);
      Router router = context.getBean(Router.class);
      assertThat(router.configVersion()).isEqualTo("us-1");
      Decision d = router.route(Lead.builder("L-1").country("US").build());
      assertThat(d.repId()).isIn("ana", "bo");
      assertThat(context.getBean(RoutingTenants.class).tenants()).containsExactly("default");
    });
  }

  @Test
  @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
  void aHolidayCalendarThatHasRunOutIsLoggedAtStartup(org.springframework.boot.test.system.CapturedOutput output) {
    String stale = "holidays: {US: [2020-12-25]}\n" + US_TEAM.replace("- {id: ana", "- {holidays: US, id: ana");
    runner.withPropertyValues("smartrouting.document=" + stale).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Router.class).roster().get(0).workingHours().isHoliday(
          java.time.LocalDate.of(2020, 12, 25))).isTrue();
    });
    assertThat(output.getAll()).contains("WARN", "smart routing: tenant 'default': holiday calendar 'US' runs out"
        + " after 2020-12-25 (past)");
  }

  /** US_TEAM with an experiment: the control runs its round-robin, the other variant holds every lead in a queue. */
  private static final String WITH_EXPERIMENT = US_TEAM + "experiment:\n  name: hold\n  variants:\n"
      + "    - {name: control, share: 1}\n    - {name: held, share: 1, chain: [{queue: holding}]}\n";

  /**
   * A document that declares an experiment runs it: one router per variant on one store, the Experiment bean (and
   * RoutingTenants.experiment) picking each lead's variant, meters tagged per variant; asking for the one Router of
   * the tenant fails saying why, rather than routing every lead with one variant's chain.
   */
  @Test
  void aDocumentsExperimentRunsWithOneRouterPerVariant() {
    runner.withPropertyValues("smartrouting.document=" + WITH_EXPERIMENT).run(context -> {
      assertThat(context).hasNotFailed();
      RoutingTenants tenants = context.getBean(RoutingTenants.class);
      assertThat(tenants.tenants()).containsExactly("default");
      assertThat(tenants.routers()).containsOnlyKeys("default/control", "default/held");
      io.smartrouting.core.experiment.Experiment exp = context.getBean(io.smartrouting.core.experiment.Experiment.class);
      assertThat(tenants.experiment("default")).containsSame(exp);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      context.getBean(SmartRoutingAutoConfiguration.RoutingMeters.class).bindTo(registry);
      int held = 0;
      for (int i = 0; i < 40; i++) {
        Lead lead = Lead.builder("E-" + i).country("US").build();
        Decision d = exp.route(lead);
        boolean hold = exp.variantOf(lead).equals("held");
        held += hold ? 1 : 0;
        assertThat(d.queue() != null && d.queue().equals("holding")).as("lead %s", lead.id()).isEqualTo(hold);
      }
      assertThat(held).isBetween(5, 35);
      assertThat(decisions(registry, "smartrouting/held")).isEqualTo(held);
      assertThat(decisions(registry, "smartrouting/control")).isEqualTo(40 - held);
      assertThat(tenants.routers().get("default/control").configVersion()).isEqualTo("us-1/control");
      assertThatThrownBy(() -> context.getBean(Router.class)).hasStackTraceContaining("tenant 'default' runs"
          + " experiment 'hold' (variants [control, held]): route its leads through RoutingTenants.experiment");
      assertThat(context.getBean("smartRoutingHealthIndicator", HealthIndicator.class).health().getDetails())
          .containsKeys("default/control", "default/held");
      RoutingRepsEndpoint reps = context.getBean(RoutingRepsEndpoint.class);
      assertThat(reps.reps()).as("one view of the tenant's reps").containsOnlyKeys("default");
      assertThat(reps.tenant("default")).isNotNull();
      assertThat(reps.rep("default", "ana")).isNotNull();
      // The live report, as the actuator shows it: the held variant's leads were never assigned, and its comparison
      // with the control on contact rate says what difference these sample sizes can find.
      for (int i = 0; i < 40; i++) {
        if (exp.router("control").placement("E-" + i).map(p -> p.repId() != null).orElse(false)) {
          exp.recordContact("E-" + i, exp.router("control").clock().instant());
        }
      }
      RoutingExperimentsEndpoint experiments = context.getBean(RoutingExperimentsEndpoint.class);
      assertThat(experiments.experiments()).containsOnlyKeys("default");
      Map<String, Object> report = experiments.tenant("default");
      assertThat(report).containsEntry("experiment", "hold").containsEntry("counts", "process");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> variants = (List<Map<String, Object>>) report.get("variants");
      assertThat(variants).extracting(v -> v.get("variant")).containsExactly("control", "held");
      assertThat(variants.get(0)).as("every assigned lead contacted").containsEntry("leads", (long) (40 - held))
          .containsEntry("contacted", variants.get(0).get("assigned"));
      assertThat(variants.get(1)).containsEntry("leads", (long) held).containsEntry("assigned", 0L)
          .containsEntry("meanMinutesToContact", null);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> comparisons = (List<Map<String, Object>>) report.get("comparisons");
      assertThat(comparisons).extracting(c -> c.get("variant") + " " + c.get("metric"))
          .containsExactly("held contact rate held vs control", "held conversion rate held vs control");
      assertThat(comparisons.get(0)).containsEntry("difference", -(Double) variants.get(0).get("contactRate"))
          .containsEntry("significant", true);
      assertThat((Double) comparisons.get(0).get("minimumDetectableDifference")).isPositive();
      assertThat(experiments.tenant("nobody")).isNull();
    });
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context -> {
      assertThat(context).hasNotFailed();
      assertThatThrownBy(() -> context.getBean(io.smartrouting.core.experiment.Experiment.class))
          .hasStackTraceContaining("declares no experiment: use the Router bean");
      RoutingExperimentsEndpoint experiments = context.getBean(RoutingExperimentsEndpoint.class);
      assertThat(experiments.experiments()).as("no tenant runs an experiment").isEmpty();
      assertThat(experiments.tenant("default")).as("a tenant without one").isNull();
    });
  }

  /** Decisions counted under router tag {@code router}, whatever their other tags (outcome, step). */
  private static double decisions(SimpleMeterRegistry registry, String router) {
    return registry.get("smartrouting.decisions").tag("router", router).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  /**
   * An {@link OpenLeadsSource} bean's leads are taken up when the tenant's router is built, before the application
   * gets it: loads and queues count them from the first decision; with an experiment, each in its variant; a lead that
   * cannot be taken up stops the start, naming the tenant and the lead.
   */
  @Test
  void openLeadsFromTheVendorsRecordsAreTakenUpBeforeTheRouterIsUsed() {
    java.time.Instant since = java.time.Instant.now().minus(java.time.Duration.ofHours(1));
    OpenLeadsSource book = (tenant, config) -> java.util.stream.IntStream.range(0, 10).mapToObj(i ->
        io.smartrouting.core.ExistingLead.heldBy(Lead.builder("open-" + i).country("US").build(), "ana", since))
        .toList();
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).withBean(OpenLeadsSource.class, () -> book)
        .run(context -> {
          assertThat(context).hasNotFailed();
          Router router = context.getBean(Router.class);
          assertThat(router.openLeads("ana")).isEqualTo(10);
          for (int i = 0; i < 5; i++) {
            assertThat(router.route(Lead.builder("new-" + i).country("US").build()).repId()).as("ana is full")
                .isEqualTo("bo");
          }
        });
    runner.withPropertyValues("smartrouting.document=" + WITH_EXPERIMENT).withBean(OpenLeadsSource.class, () -> book)
        .run(context -> {
          assertThat(context).hasNotFailed();
          io.smartrouting.core.experiment.Experiment exp =
              context.getBean(io.smartrouting.core.experiment.Experiment.class);
          for (int i = 0; i < 10; i++) {
            Lead lead = Lead.builder("open-" + i).country("US").build();
            assertThat(exp.routedVariant(lead.id())).contains(exp.variantOf(lead));
          }
          assertThat(exp.router("control").openLeads("ana")).isEqualTo(10);
          assertThat(exp.report().variant("control").leads()).as("taken up, not routed").isZero();
        });
    OpenLeadsSource stranger = (tenant, config) -> List.of(io.smartrouting.core.ExistingLead.heldBy(
        Lead.builder("x").country("US").build(), "zed", since));
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).withBean(OpenLeadsSource.class, () -> stranger)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("smart routing: tenant 'default': an open lead of")
            .hasStackTraceContaining("'zed', who is not on roster"));
  }

  @Test
  void aDocumentOnTheClasspath() {
    runner.withPropertyValues("smartrouting.config=classpath:eu-routing.yaml").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Router.class).configVersion()).isEqualTo("eu-7");
    });
  }

  @Test
  void severalTenantsGiveOneRouterEachAndNoAmbiguousRouterBean() {
    runner.withPropertyValues("smartrouting.tenants.us.document=" + US_TEAM,
        "smartrouting.tenants.eu.config=classpath:eu-routing.yaml").run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(Router.class);
          RoutingTenants tenants = context.getBean(RoutingTenants.class);
          assertThat(tenants.tenants()).containsExactly("us", "eu");
          assertThat(tenants.router("eu").route(Lead.builder("L-1").country("DE").build()).repId())
              .isEqualTo("eva");
          assertThat(tenants.router("us").route(Lead.builder("L-1").country("US").build()).repId())
              .isIn("ana", "bo");
          assertThatThrownBy(() -> tenants.router("apac")).hasMessageContaining("no router for tenant 'apac'")
              .hasMessageContaining("[us, eu]");
        });
  }

  @Test
  void aBrokenDocumentStopsTheApplicationWithEveryProblem() {
    String broken = US_TEAM.replace("capacity: 10}", "capacity: -1}").replace("round-robin", "roundrobin");
    runner.withPropertyValues("smartrouting.document=" + broken).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("reps[0].capacity").hasMessageContaining("reps[1].capacity")
          .hasMessageContaining("unknown strategy 'roundrobin'");
    });
  }

  @Test
  void noDocumentIsAClearError() {
    runner.run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
          "smartrouting: set exactly one of smartrouting.config").hasMessageContaining("neither is set");
    });
  }

  @Test
  void disabledMeansNoRouters() {
    runner.withPropertyValues("smartrouting.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(RoutingTenants.class));
  }

  @Test
  void theRoutersCloseWithTheContext() {
    Router[] seen = new Router[1];
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context ->
        seen[0] = context.getBean(Router.class));
    assertThatThrownBy(() -> seen[0].route(Lead.builder("L-9").country("US").build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void micrometerMetersPerTenant() {
    runner.withPropertyValues("smartrouting.tenants.us.document=" + US_TEAM,
        "smartrouting.tenants.eu.config=classpath:eu-routing.yaml").run(context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean(SmartRoutingAutoConfiguration.RoutingMeters.class).bindTo(registry);
          RoutingTenants tenants = context.getBean(RoutingTenants.class);
          tenants.router("eu").route(Lead.builder("L-1").country("DE").build());
          tenants.router("eu").route(Lead.builder("L-2").country("FR").build());
          tenants.router("us").route(Lead.builder("L-1").country("US").build());
          assertThat(registry.get("smartrouting.decisions").tag("tenant", "eu").counter().count()).isEqualTo(2);
          assertThat(registry.get("smartrouting.decisions").tag("tenant", "us").counter().count()).isEqualTo(1);
        });
  }

  /** An OpenTelemetry whose spans end in {@code spans} as they finish. */
  private static io.opentelemetry.api.OpenTelemetry exportingTo(
      io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans) {
    return io.opentelemetry.sdk.OpenTelemetrySdk.builder()
        .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
            .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  @Test
  void withAnOpenTelemetryBeanEveryDecisionIsASpanOfItsTenant() {
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans =
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    io.opentelemetry.api.OpenTelemetry otel = exportingTo(spans);
    runner.withPropertyValues("smartrouting.tenants.us.document=" + US_TEAM,
        "smartrouting.tenants.eu.config=classpath:eu-routing.yaml")
        .withBean(io.opentelemetry.api.OpenTelemetry.class, () -> otel).run(context -> {
          RoutingTenants tenants = context.getBean(RoutingTenants.class);
          tenants.router("eu").route(Lead.builder("L-1").country("DE").build());
          tenants.router("us").route(Lead.builder("L-2").country("US").build());
          assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getName())
              .containsExactly(io.smartrouting.opentelemetry.RoutingTracing.SPAN_NAME,
                  io.smartrouting.opentelemetry.RoutingTracing.SPAN_NAME);
          assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getAttributes().asMap().values().toString())
              .anySatisfy(a -> assertThat(a).contains("eu", "L-1", "eva"))
              .anySatisfy(a -> assertThat(a).contains("us", "L-2"));
        });
  }

  @Test
  void withoutAnOpenTelemetryBeanOrWithTracingOffNoSpans() {
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans =
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    io.opentelemetry.api.OpenTelemetry otel = exportingTo(spans);
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context -> {
      assertThat(context).hasNotFailed();
      context.getBean(Router.class).route(Lead.builder("L-1").country("US").build());
    });
    runner.withPropertyValues("smartrouting.document=" + US_TEAM, "smartrouting.tracing.enabled=false")
        .withBean(io.opentelemetry.api.OpenTelemetry.class, () -> otel).run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(SmartRoutingAutoConfiguration.RoutingSpans.class);
          context.getBean(Router.class).route(Lead.builder("L-1").country("US").build());
        });
    assertThat(spans.getFinishedSpanItems()).as("tracing off").isEmpty();
    runner.withPropertyValues("smartrouting.document=" + US_TEAM)
        .withClassLoader(new FilteredClassLoader("io.opentelemetry")).run(context ->
            assertThat(context).hasNotFailed().doesNotHaveBean(SmartRoutingAutoConfiguration.RoutingSpans.class));
  }

  /**
   * With smartrouting.reload-interval, a document at a file: location is reloaded into its running router when it
   * changes: a valid change is applied (its open leads stay), one that fails its checks leaves the router as it is.
   */
  @Test
  void aDocumentAtAFileLocationIsReloadedWhenItChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("routing.yaml");
    java.nio.file.Files.writeString(file, US_TEAM);
    runner.withPropertyValues("smartrouting.config=file:" + file, "smartrouting.reload-interval=50ms").run(context -> {
      assertThat(context).hasNotFailed();
      Router router = context.getBean(Router.class);
      Decision open = router.route(Lead.builder("L-1").country("US").build());
      replace(file, US_TEAM.replace("version: \"us-1\"", "version: \"us-2\"")
          .replace("strategy: round-robin", "strategy: round-robbin"));
      HealthIndicator health = context.getBean("smartRoutingHealthIndicator", HealthIndicator.class);
      long refusedBy = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (!health.health().getDetails().toString().contains("applied=false") && System.nanoTime() < refusedBy) {
        Thread.sleep(20);
      }
      assertThat(router.configVersion()).as("a document that fails its checks is not applied").isEqualTo("us-1");
      @SuppressWarnings("unchecked")
      Map<String, Object> refused = (Map<String, Object>) ((Map<String, Object>) health.health().getDetails()
          .get("default")).get("lastReload");
      assertThat(health.health().getStatus()).as("still routing on the last good version").isEqualTo(Status.UP);
      assertThat(refused).containsEntry("applied", false).containsEntry("configVersion", "us-1")
          .containsEntry("errors", 1);
      assertThat((String) refused.get("firstError")).contains("unknown strategy 'round-robbin'");
      replace(file, US_TEAM.replace("version: \"us-1\"", "version: \"us-3\"")
          .replace("  - {id: bo, territories: [US], capacity: 10}\n",
              "  - {id: cy, territories: [US], capacity: 10}\n"));
      // The router takes the new version first, then the watcher tells the outcome: wait for the outcome.
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (!health.health().getDetails().toString().contains("applied=true") && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(router.configVersion()).isEqualTo("us-3");
      assertThat(router.roster()).extracting(r -> r.id()).containsExactly("ana", "cy");
      assertThat(health.health().getDetails().get("default").toString()).contains("applied=true")
          .contains("configVersion=us-3");
      assertThat(router.placement(open.leadId())).as("the open lead stays").isPresent();
      assertThat(context.getBean(RoutingTenants.class).config("default").version())
          .as("the document the router now runs on, not the one it was built from").isEqualTo("us-3");
    });
  }

  /**
   * Writes {@code content} to {@code file} in one step (a file beside it, then moved over it), so that the watcher never
   * reads it half written, as an editor or a deployment that swaps files does.
   */
  private static void replace(java.nio.file.Path file, String content) throws java.io.IOException {
    java.nio.file.Path next = file.resolveSibling(file.getFileName() + ".next");
    java.nio.file.Files.writeString(next, content);
    java.nio.file.Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aReloadIntervalThatIsNotPositiveIsNamed() {
    runner.withPropertyValues("smartrouting.document=" + US_TEAM, "smartrouting.reload-interval=0s")
        .run(context -> assertThat(context.getStartupFailure())
            .hasStackTraceContaining("smartrouting.reload-interval must be positive"));
  }

  @Test
  void aDocumentInlineOrOnTheClassPathIsNotWatched() {
    runner.withPropertyValues("smartrouting.tenants.us.document=" + US_TEAM,
        "smartrouting.tenants.eu.config=classpath:eu-routing.yaml", "smartrouting.reload-interval=50ms")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RoutingTenants.class));
  }

  @Test
  void withoutMicrometerNoMeters() {
    runner.withPropertyValues("smartrouting.document=" + US_TEAM)
        .withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(Router.class);
          assertThat(context).doesNotHaveBean(SmartRoutingAutoConfiguration.RoutingMeters.class);
        });
  }

  @Test
  void theRepsEndpointSaysWhoMayTakeLeadsAndWhyNot() {
    String doc = """
        version: "caps-1"
        reps:
          - {id: ana, territories: [US], capacity: 4, daily_cap: 1}
          - {id: bob, territories: [US], capacity: 4, active: false}
          - {id: cy, territories: [US], capacity: 4, daily_cap: 2, weekly_cap: 5}
        chain:
          - strategy: round-robin
        """;
    runner.withPropertyValues("smartrouting.document=" + doc).run(context -> {
      RoutingRepsEndpoint endpoint = context.getBean(RoutingRepsEndpoint.class);
      Router router = context.getBean(Router.class);
      router.route(io.smartrouting.api.Lead.builder("L1").country("US").build());
      router.route(io.smartrouting.api.Lead.builder("L2").country("US").build());
      Map<String, Object> tenant = endpoint.tenant("default");
      assertThat(tenant).containsEntry("configVersion", "caps-1").containsEntry("available", 2)
          .containsEntry("atDailyCap", 1);
      assertThat(tenant.get("reps").toString())
          .contains("{id=ana, available=true, openLeads=1, capacity=4, leadsToday=1, dailyCap=1}")
          .as("caps of two periods: each, and the one that binds").contains("{id=cy, available=true, openLeads=1,"
              + " capacity=4, dailyCap=2, weeklyCap=5, leadsInBindingPeriod=1, bindingCap=2}")
          .contains("{id=bob, available=false, unavailable=unavailable (out of office), openLeads=0, capacity=4}");
      assertThat(endpoint.reps()).containsOnlyKeys("default");
      assertThat(endpoint.tenant("nobody")).isNull();
    });
  }

  @Test
  void theRepsEndpointSaysWhoseDeskARepCovers() {
    String doc = """
        reps:
          - {id: ana, territories: [US], capacity: 4, time_off: ['2026-01-01 to 2035-12-31: leave (cover: cy)']}
          - {id: cy, territories: [US], capacity: 4}
        chain:
          - strategy: round-robin
        """;
    runner.withPropertyValues("smartrouting.document=" + doc).run(context -> {
      RoutingRepsEndpoint endpoint = context.getBean(RoutingRepsEndpoint.class);
      assertThat(endpoint.tenant("default").get("reps").toString())
          .contains("{id=ana, available=false, unavailable=time off until 2036-01-01T00:00:00Z (leave; cover: cy),"
              + " openLeads=0, capacity=4}")
          .contains("{id=cy, available=true, openLeads=0, capacity=4, coveringFor=[ana]}");
      assertThat(endpoint.rep("default", "cy")).containsEntry("coveringFor", java.util.List.of("ana"));
    });
  }

  @Test
  void theRepsEndpointListsTheLeadsOnOneRepsDeskOldestFirst() {
    String doc = """
        version: "desk-1"
        reps:
          - {id: ana, territories: [US], capacity: 4}
          - {id: cy, territories: [US], capacity: 4}
        chain:
          - strategy: round-robin
        """;
    runner.withPropertyValues("smartrouting.document=" + doc).run(context -> {
      RoutingRepsEndpoint endpoint = context.getBean(RoutingRepsEndpoint.class);
      Router router = context.getBean(Router.class);
      java.util.List<String> anas = new java.util.ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        io.smartrouting.api.Decision d = router.route(io.smartrouting.api.Lead.builder("L" + i).country("US").build());
        if ("ana".equals(d.repId())) {
          anas.add(d.leadId());
        }
      }
      assertThat(anas).hasSize(2);
      router.recordContact(anas.get(0), java.time.Instant.now());
      Map<String, Object> ana = endpoint.rep("default", "ana");
      assertThat(ana).containsEntry("id", "ana").containsEntry("available", true).containsEntry("openLeads", 2)
          .containsEntry("capacity", 4);
      @SuppressWarnings("unchecked")
      java.util.List<Map<String, Object>> leads = (java.util.List<Map<String, Object>>) ana.get("leads");
      assertThat(leads).extracting(l -> l.get("id")).containsExactlyElementsOf(anas);
      assertThat(leads.get(0)).containsKeys("tier", "assignedAt", "contactedAt").doesNotContainKey("aboveCapacity");
      assertThat(leads.get(1)).doesNotContainKey("contactedAt").doesNotContainKey("firstRoutedAt");
      // A lead moved to ana shows when it was first routed (the customer's wait runs from then).
      String cys = router.openPlacements("cy").get(0).leadId();
      java.time.Instant routedAt = router.placement(cys).orElseThrow().assignedAt();
      Thread.sleep(2);
      router.reassign(cys, "ana", "asked for ana");
      @SuppressWarnings("unchecked")
      java.util.List<Map<String, Object>> now = (java.util.List<Map<String, Object>>) endpoint.rep("default", "ana")
          .get("leads");
      assertThat(now).hasSize(3);
      assertThat(now.get(2)).containsEntry("id", cys).containsEntry("firstRoutedAt", routedAt.toString())
          .doesNotContainKey("missedDeadlines");
      assertThat(endpoint.rep("default", "zed")).as("neither on the roster nor holding a lead").isNull();
      assertThat(endpoint.rep("nobody", "ana")).isNull();
      // Left out of the roster (kept by default): still found, with its leads, until something moves them.
      router.updateRoster(java.util.List.of(io.smartrouting.api.Rep.builder("cy").territories("US").capacity(4)
          .build()));
      assertThat(endpoint.rep("default", "ana")).containsEntry("onRoster", false).extracting(m -> m.get("leads"))
          .asList().hasSize(3);
    });
  }

  @Test
  void healthAndInfo() {
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context -> {
      HealthIndicator health = context.getBean("smartRoutingHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      @SuppressWarnings("unchecked")
      Map<String, Object> detail = (Map<String, Object>) health.health().getDetails().get("default");
      assertThat(detail).containsEntry("stateStore", "reachable").containsKey("queueDepth")
          .containsEntry("queueOldestWait", Map.of());

      Info.Builder info = new Info.Builder();
      context.getBean("smartRoutingInfoContributor", InfoContributor.class).contribute(info);
      assertThat(info.build().getDetails().get("smartrouting").toString()).contains("configVersion=us-1")
          .contains("rosterSize=2");
    });
  }

  @Test
  void twoServicesOnOneRedisShareTheTenantsCapacity() throws Exception {
    try (io.smartrouting.state.redis.RedisServer redis = io.smartrouting.state.redis.RedisServer.start()) {
      twoServicesShareOneSlot(runner.withPropertyValues("smartrouting.tenants.acme.document=" + ONE_SLOT,
          "smartrouting.redis.host=127.0.0.1", "smartrouting.redis.port=" + redis.port));
    }
  }

  @Test
  void twoServicesOnARedisClusterShareTheTenantsCapacity() throws Exception {
    try (io.smartrouting.state.redis.RedisCluster cluster = io.smartrouting.state.redis.RedisCluster.start()) {
      twoServicesShareOneSlot(runner.withPropertyValues("smartrouting.tenants.acme.document=" + ONE_SLOT,
          "smartrouting.redis.cluster-nodes=" + String.join(",", cluster.seeds())));
    }
  }

  /** On Redis an experiment's variants share one store instance: one capacity, one timer lease, owned leads. */
  @Test
  void anExperimentsVariantsShareOneRedisStore() throws Exception {
    try (io.smartrouting.state.redis.RedisServer redis = io.smartrouting.state.redis.RedisServer.start()) {
      runner.withPropertyValues("smartrouting.tenants.acme.document=" + WITH_EXPERIMENT,
          "smartrouting.redis.host=127.0.0.1", "smartrouting.redis.port=" + redis.port).run(context -> {
            assertThat(context).hasNotFailed();
            RoutingTenants tenants = context.getBean(RoutingTenants.class);
            assertThat(context.getBean(SmartRoutingAutoConfiguration.RedisStores.class).stores()).hasSize(1);
            io.smartrouting.core.experiment.Experiment exp = tenants.experiment("acme").orElseThrow();
            int assigned = 0;
            for (int i = 0; i < 40; i++) {
              assigned += exp.route(Lead.builder("R-" + i).country("US").build()).repId() != null ? 1 : 0;
            }
            // ana and bo take 10 each at most (threshold 0.9: 9 each), whichever variant's router asks.
            assertThat(assigned).isLessThanOrEqualTo(18);
            assertThat(tenants.routers().get("acme/control").openLeads("ana")
                + tenants.routers().get("acme/control").openLeads("bo")).isEqualTo(assigned);
            assertThat(exp.sharesCounts()).as("counted in Redis, for every node").isTrue();
            assertThat(context.getBean(RoutingExperimentsEndpoint.class).tenant("acme"))
                .containsEntry("counts", "shared");
            assertThat(exp.report().variant("control").leads() + exp.report().variant("held").leads()).isEqualTo(40);
            // Each lead's facts in Redis carry its variant, so that another node's routers tell whose lead it is.
            io.smartrouting.state.redis.RedisStateStore store =
                context.getBean(SmartRoutingAutoConfiguration.RedisStores.class).stores().get(0);
            for (int i = 0; i < 40; i++) {
              String id = "R-" + i;
              assertThat(store.savedLead(id).attributes()).as(id)
                  .containsEntry(io.smartrouting.core.experiment.Experiment.VARIANT_ATTRIBUTE,
                      "hold/" + exp.routedVariant(id).orElseThrow());
            }
          });
    }
  }

  @Test
  void theStoresSettingsComeFromProperties() throws Exception {
    try (io.smartrouting.state.redis.RedisServer redis = io.smartrouting.state.redis.RedisServer.start()) {
      runner.withPropertyValues("smartrouting.tenants.acme.document=" + ONE_SLOT, "smartrouting.redis.host=127.0.0.1",
          "smartrouting.redis.port=" + redis.port, "smartrouting.redis.spin-wait=100us",
          "smartrouting.redis.release-delay=5ms", "smartrouting.redis.max-connections=4",
          "smartrouting.redis.keep-released-leads=30d").run(context -> {
            context.getBean(RoutingTenants.class).router("acme");
            List<io.smartrouting.state.redis.RedisStateStore> stores =
                context.getBean(SmartRoutingAutoConfiguration.RedisStores.class).stores();
            assertThat(stores).hasSize(1);
            assertThat(stores.get(0).toString()).contains("tenant=acme", "spinWait=PT0.0001S",
                "releaseDelay=PT0.005S", "maxConnections=4", "replicaAcks=0");
            assertThat(stores.get(0).releasedLeadsKept()).isEqualTo(java.time.Duration.ofDays(30));
          });
      // Replica confirmations asked of a server without replicas: no write counts, the lead waits, flagged.
      runner.withPropertyValues("smartrouting.tenants.acme.document=" + ONE_SLOT, "smartrouting.redis.host=127.0.0.1",
          "smartrouting.redis.port=" + redis.port, "smartrouting.redis.replica-acks=1",
          "smartrouting.redis.replica-ack-timeout=20ms").run(context -> {
            Decision d = context.getBean(RoutingTenants.class).router("acme")
                .route(Lead.builder("L-acks").country("US").build());
            assertThat(d.repId()).isNull();
            assertThat(d.flags()).contains(io.smartrouting.api.Flag.STATE_UNAVAILABLE);
          });
      // Two tenants on one pool of two connections.
      runner.withPropertyValues("smartrouting.tenants.initech.document=" + ONE_SLOT,
          "smartrouting.tenants.globex.document=" + ONE_SLOT, "smartrouting.redis.host=127.0.0.1",
          "smartrouting.redis.port=" + redis.port, "smartrouting.redis.shared-connections=true",
          "smartrouting.redis.max-connections=2").run(context -> {
            RoutingTenants tenants = context.getBean(RoutingTenants.class);
            assertThat(tenants.router("initech").route(Lead.builder("L1").country("US").build()).repId())
                .isEqualTo("ana");
            assertThat(tenants.router("globex").route(Lead.builder("L1").country("US").build()).repId())
                .as("globex's ana is another rep's capacity").isEqualTo("ana");
            List<io.smartrouting.state.redis.RedisStateStore> stores =
                context.getBean(SmartRoutingAutoConfiguration.RedisStores.class).stores();
            assertThat(stores).hasSize(2);
            assertThat(stores.get(0).toString()).contains("connections=RedisConnections[", "maxConnections=2");
          });
      runner.withPropertyValues("smartrouting.tenants.acme.document=" + ONE_SLOT, "smartrouting.redis.host=127.0.0.1",
          "smartrouting.redis.port=" + redis.port, "smartrouting.redis.spin-wait=-1ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("spinWait must not be negative");
          });
    }
  }

  private static final String ONE_SLOT = """
      version: "shared"
      reps:
        - {id: ana, territories: [US], capacity: 1}
      chain:
        - strategy: round-robin
      fallback: {queue: unassigned}
      """;

  private static void twoServicesShareOneSlot(ApplicationContextRunner node) {
    node.run(a -> node.run(b -> {
      assertThat(a).hasSingleBean(SmartRoutingAutoConfiguration.RedisStores.class);
      Router first = a.getBean(RoutingTenants.class).router("acme");
      Router second = b.getBean(RoutingTenants.class).router("acme");
      assertThat(first.route(Lead.builder("L-1").country("US").build()).repId()).isEqualTo("ana");
      // The other service sees ana's one slot taken through Redis.
      Decision d = second.route(Lead.builder("L-2").country("US").build());
      assertThat(d.repId()).isNull();
      assertThat(d.queue()).isEqualTo("unassigned");
      HealthIndicator health = b.getBean("smartRoutingHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }));
  }

  @Test
  void noRedisStoreWithoutARedisHost() {
    runner.withPropertyValues("smartrouting.document=" + US_TEAM).run(context ->
        assertThat(context).doesNotHaveBean(SmartRoutingAutoConfiguration.RedisStores.class));
  }

  /**
   * The starter ships Spring Boot's configuration metadata, so that an IDE completes and documents smartrouting.* in
   * application.yaml: every setting of {@link SmartRoutingProperties} with a description in plain text.
   */
  @Test
  void theJarDescribesEverySettingForTheIde() throws Exception {
    Map<String, String> described = new java.util.TreeMap<>();
    try (java.io.InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json on the classpath").isNotNull();
      com.fasterxml.jackson.core.JsonParser json = new com.fasterxml.jackson.core.JsonFactory().createParser(in);
      boolean inProperties = false;
      String name = null;
      String description = "";
      for (com.fasterxml.jackson.core.JsonToken t = json.nextToken(); t != null; t = json.nextToken()) {
        if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && json.getParsingContext().getParent() != null
            && json.getParsingContext().getParent().inRoot()) {
          inProperties = json.currentName().equals("properties");
        } else if (inProperties && t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          name = null;
          description = "";
        } else if (inProperties && t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          if (json.currentName().equals("name")) {
            name = json.getText();
          } else if (json.currentName().equals("description")) {
            description = json.getText();
          }
        } else if (inProperties && t == com.fasterxml.jackson.core.JsonToken.END_OBJECT && name != null) {
          described.put(name, description);
        }
      }
    }
    assertThat(described).containsKeys("smartrouting.enabled", "smartrouting.config", "smartrouting.document",
        "smartrouting.tenants", "smartrouting.redis.host", "smartrouting.redis.cluster-nodes",
        "smartrouting.redis.keep-released-leads", "smartrouting.metrics.per-rep-gauges");
    described.forEach((property, text) -> {
      if (property.startsWith("smartrouting.")) {
        assertThat(text).as("%s's description", property).isNotBlank().doesNotContain("{@");
      }
    });
  }
}
