package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.core.state.Placement;
import org.jspecify.annotations.Nullable;

/**
 * A store that keeps a new lead's {@link Decision} as its placement, so that a decision allocates no
 * {@link Placement} beside the decision it returns: the decision already holds every field a fresh placement has
 * (lead, rep or queue, tier, when, deadline, and the capacity override as its flag). The in-memory store offers one
 * (through {@link #of}, so that its public type shows no such methods); a {@code Placement} is made from the decision
 * only when someone reads the placement, or when it changes (a first contact, a move). Not API.
 */
public interface DecidedPlacements {

  /** Where a store type that keeps decisions registers how to find its view; set once by its class. */
  final class Registry {
    private static volatile java.util.function.@Nullable Function<io.smartrouting.core.state.RoutingStateStore,
        @Nullable DecidedPlacements> lookup;

    private Registry() {}

    /** Called by the in-memory store's class when it is initialised (before any instance exists). */
    public static void register(java.util.function.Function<io.smartrouting.core.state.RoutingStateStore,
        @Nullable DecidedPlacements> view) {
      lookup = view;
    }
  }

  /** The view {@code store} offers, or null for a store that is handed {@link Placement}s. */
  static @Nullable DecidedPlacements of(io.smartrouting.core.state.RoutingStateStore store) {
    java.util.function.Function<io.smartrouting.core.state.RoutingStateStore, @Nullable DecidedPlacements> f =
        Registry.lookup;
    return f == null ? null : f.apply(store);
  }

  /**
   * As {@link io.smartrouting.core.state.RoutingStateStore#placeIfAbsent(Placement, Lead)} for the placement
   * {@link #placementOf(Decision)} gives.
   *
   * @return the existing placement if there was one (nothing changed), else null
   */
  @Nullable Placement placeDecided(Decision decided, @Nullable Lead facts);

  /**
   * As {@link io.smartrouting.core.state.RoutingStateStore#releasePlacement(String, java.time.Instant)}, without
   * making a placement of what it removes: the {@link Decision} or {@link Placement} the store held, or null if the
   * lead was not open.
   */
  @Nullable Object releaseHeld(String leadId, long closedAtMillis);

  /** The placement a new lead's decision stands for: assigned when decided, not contacted yet. */
  static Placement placementOf(Decision d) {
    return new Placement(d.leadId(), d.repId(), d.queue(),
        java.util.Objects.requireNonNull(d.tier(), "a placed decision has a tier"), d.decidedAt(), d.slaDeadline(),
        d.hasFlag(Flag.CAPACITY_OVERRIDE), null);
  }

  /**
   * A placement changed since its decision (contacted, moved) together with the lead's routing facts, so that a lead
   * open for longer than the idempotency window can still be moved through the chain.
   */
  record Kept(Placement placement, Lead facts) {}

  /** {@code placement} with {@code facts} kept beside it, or the placement alone when there are none. */
  static Object keep(Placement placement, @Nullable Lead facts) {
    return facts == null ? placement : new Kept(placement, facts);
  }

  /** {@code held} (a {@link Decision}, a {@link Placement} or a {@link Kept}) as a placement. */
  static Placement placementOf(Object held) {
    return held instanceof Decision d ? placementOf(d) : held instanceof Kept k ? k.placement() : (Placement) held;
  }

  /**
   * The routing facts {@code held} carries: those a decision was made with (its trace keeps the lead), those kept
   * beside a placement, or null for a placement alone.
   */
  static @Nullable Lead factsOf(Object held) {
    if (held instanceof Kept k) {
      return k.facts();
    }
    return held instanceof Decision d ? factsOf(d) : null;
  }

  /** The routing facts decision {@code d} was made with, if its trace kept them. */
  static @Nullable Lead factsOf(Decision d) {
    io.smartrouting.api.DecisionTrace t = d.trace();
    return t instanceof TraceRecorder r ? r.lead() : LeadLifecycle.movedLead(t);
  }

  /** The lead id of {@code held}. */
  static String leadIdOf(Object held) {
    return held instanceof Decision d ? d.leadId() : placementOf(held).leadId();
  }

  /** The rep holding {@code held}, or null for a queue. */
  static @Nullable String repIdOf(Object held) {
    return held instanceof Decision d ? d.repId() : placementOf(held).repId();
  }

  /** The queue holding {@code held}, or null for a rep. */
  static @Nullable String queueOf(Object held) {
    return held instanceof Decision d ? d.queue() : placementOf(held).queue();
  }
}
