package io.smartrouting.config;

import io.smartrouting.core.experiment.StickyKey;
import java.util.List;
import java.util.Objects;

/**
 * The A/B test a routing document declares ({@code experiment:}): its name (which also salts the split), what keeps
 * a lead in its variant, and the variants, the first being the control the others are compared with. Build it with
 * {@link RoutingConfig#toExperiment()}; each variant's router is {@link RoutingConfig#variant(String)}'s.
 *
 * @param name the experiment's name
 * @param stickyBy what is hashed to pick a lead's variant
 * @param variants the variants, control first; at least two
 * @param rememberLeads how many routed leads a process keeps with their variant ({@code remember_leads}; by default
 *     {@link io.smartrouting.core.experiment.Experiment#DEFAULT_REMEMBERED_LEADS})
 */
public record ExperimentPlan(String name, StickyKey stickyBy, List<Variant> variants, int rememberLeads) {

  /**
   * One variant.
   *
   * @param name its name, unique in the experiment
   * @param share its relative part of the leads (shares are normalised: 50 and 50 is an even split)
   * @param ownChain true if it runs a chain of its own, false if it runs the document's
   * @param learns true if its router learns from outcomes
   */
  public record Variant(String name, double share, boolean ownChain, boolean learns) {
    /**
     * Checks the name.
     *
     * @param name its name, unique in the experiment
     * @param share its relative part of the leads (shares are normalised: 50 and 50 is an even split)
     * @param ownChain true if it runs a chain of its own, false if it runs the document's
     * @param learns true if its router learns from outcomes
     */
    public Variant {
      Objects.requireNonNull(name, "name must not be null");
    }
  }

  /**
   * Checks the fields and copies the variants.
   *
   * @param name the experiment's name
   * @param stickyBy what is hashed to pick a lead's variant
   * @param variants the variants, control first; at least two
   * @param rememberLeads how many routed leads a process keeps with their variant ({@code remember_leads}; by
   *     default {@link io.smartrouting.core.experiment.Experiment#DEFAULT_REMEMBERED_LEADS})
   */
  public ExperimentPlan {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(stickyBy, "stickyBy must not be null");
    variants = List.copyOf(variants);
    if (rememberLeads < 1) {
      throw new IllegalArgumentException("rememberLeads must be at least 1 but was " + rememberLeads);
    }
  }

  /**
   * A plan that remembers the SDK's default number of routed leads.
   *
   * @param name the experiment's name
   * @param stickyBy what is hashed to pick a lead's variant
   * @param variants the variants, control first; at least two
   */
  public ExperimentPlan(String name, StickyKey stickyBy, List<Variant> variants) {
    this(name, stickyBy, variants, io.smartrouting.core.experiment.Experiment.DEFAULT_REMEMBERED_LEADS);
  }

  /** {@return the control's name: the first variant's} */
  public String control() {
    return variants.get(0).name();
  }

  /**
   * The part of the leads variant {@code v} gets, from 0 to 1: its share over the variants' total.
   *
   * @param v a variant of this plan
   * @return its part
   */
  public double fraction(Variant v) {
    return v.share() / variants.stream().mapToDouble(Variant::share).sum();
  }

  /** {@return the variants' names, control first} */
  public List<String> names() {
    return variants.stream().map(Variant::name).toList();
  }
}
