package io.smartrouting.spring;

import io.smartrouting.core.experiment.Experiment;
import io.smartrouting.core.experiment.ExperimentReport;
import io.smartrouting.core.experiment.ProportionTest;
import io.smartrouting.core.experiment.SampleRatioCheck;
import io.smartrouting.core.experiment.VariantStats;
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
 * The actuator endpoint {@code routingexperiments}: for every tenant whose document declares an experiment, or one
 * ({@code /actuator/routingexperiments/{tenant}}), its live report ({@link Experiment#report()}): per variant its
 * share, leads, assigned, contacted, won and lost, contact and conversion rates and mean minutes to first contact;
 * the sample-ratio check; and each treatment against the control on contact rate and conversion rate, with the 95%
 * interval of the difference, its p-value, whether it is significant, and the smallest difference these sample sizes
 * find four times in five. Counts, not leads or people: every node's on a Redis store ({@code "counts": "shared"},
 * {@link Experiment#sharesCounts()}), else this process's ({@code "process"}). Expose it as any endpoint ({@code management.endpoints.web.exposure.include=health,info,routingexperiments}).
 */
@Endpoint(id = "routingexperiments")
public final class RoutingExperimentsEndpoint {

  private final RoutingTenants tenants;

  /**
   * The endpoint over {@code tenants}' experiments.
   *
   * @param tenants the tenants' routers
   */
  public RoutingExperimentsEndpoint(RoutingTenants tenants) {
    this.tenants = Objects.requireNonNull(tenants, "tenants must not be null");
  }

  /**
   * Every tenant's experiment report, by tenant (tenants without an experiment left out).
   *
   * @return the reports by tenant
   */
  @ReadOperation
  public Map<String, Object> experiments() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String tenant : tenants.tenants()) {
      tenants.experiment(tenant).ifPresent(e -> all.put(tenant, reportOf(e)));
    }
    return all;
  }

  /**
   * One tenant's experiment report, or null (404) for a tenant this service does not route for or without one.
   *
   * @param tenant the tenant id
   * @return its report, or null
   */
  @ReadOperation
  public @Nullable Map<String, Object> tenant(@Selector String tenant) {
    if (!tenants.tenants().contains(tenant)) {
      return null;
    }
    return tenants.experiment(tenant).map(RoutingExperimentsEndpoint::reportOf).orElse(null);
  }

  private static Map<String, Object> reportOf(Experiment experiment) {
    ExperimentReport report = experiment.report();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("experiment", report.experiment());
    // Whose counts: every node's (kept in the shared store) or this process's.
    out.put("counts", experiment.sharesCounts() ? "shared" : "process");
    List<Map<String, Object>> variants = new ArrayList<>();
    for (VariantStats v : report.variants()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("variant", v.name());
      m.put("share", v.share());
      m.put("leads", v.leads());
      m.put("assigned", v.assigned());
      m.put("contacted", v.contacted());
      m.put("won", v.won());
      m.put("lost", v.lost());
      m.put("contactRate", number(v.contactRate()));
      m.put("conversionRate", number(v.conversionRate()));
      m.put("meanMinutesToContact", number(v.meanMinutesToContact()));
      variants.add(m);
    }
    out.put("variants", variants);
    SampleRatioCheck srm = report.sampleRatio();
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("mismatch", srm.mismatch());
    check.put("chiSquare", number(srm.chiSquare()));
    check.put("pValue", number(srm.pValue()));
    out.put("sampleRatio", check);
    List<Map<String, Object>> comparisons = new ArrayList<>();
    int perTreatment = report.variants().size() > 1 ? report.comparisons().size() / (report.variants().size() - 1) : 1;
    for (int i = 0; i < report.comparisons().size(); i++) {
      ProportionTest t = report.comparisons().get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("variant", report.variants().get(1 + i / perTreatment).name());
      m.put("metric", t.metric());
      m.put("controlRate", number(t.controlRate()));
      m.put("variantRate", number(t.treatmentRate()));
      m.put("difference", number(t.difference()));
      m.put("lower", number(t.lower()));
      m.put("upper", number(t.upper()));
      m.put("pValue", number(t.pValue()));
      m.put("significant", t.significant());
      m.put("minimumDetectableDifference", number(t.minimumDetectableDifference()));
      comparisons.add(m);
    }
    out.put("comparisons", comparisons);
    return out;
  }

  /** A rate or statistic, or null while it is undefined (NaN: nothing to divide by yet), which JSON cannot carry. */
  private static @Nullable Double number(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
