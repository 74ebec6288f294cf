package io.smartrouting.config;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What changes between two versions of a routing configuration, on a file of leads, and the leads whose rep or queue
 * differs are counted, with how many went from whom to whom. Two ways to compare ({@link Mode}): each lead previewed
 * against empty reps (what the rules decide), or the whole file routed in order (what a run of it would do, capacity
 * and round-robin turns included).
 *
 * @param leads leads compared
 * @param moved leads whose place differs
 * @param moves "before -> after" (each {@code rep X} or {@code queue Q}) with how many leads made that move, most first
 * @param changes every lead that moved, in file order
 * @param realigned of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed through
 *     the first configuration), that a reload of the second would take from a rep whose coverage it changes and who no
 *     longer covers them ({@link Router#previewReconfigure}, with the second configuration's chain), and where each
 *     would go; empty in {@link Mode#PREVIEW} without open leads
 * @param handedOver of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
 *     through the first configuration), that a reload of the second would hand over to the new people of accounts it
 *     gives to others ({@link Router#previewReconfigure}), and to whom; empty in {@link Mode#PREVIEW} without open
 *     leads
 * @param offboarded of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
 *     through the first configuration), that reps the second leaves out hold and a reload would move as the second's
 *     {@code when_reps_leave} says ({@link Router#previewReconfigure}), and where; empty without that setting (the
 *     leads stay) and in {@link Mode#PREVIEW} without open leads
 */
public record ConfigDiff(int leads, int moved, Map<String, Integer> moves, List<Change> changes,
    List<Change> realigned, List<Change> handedOver, List<Change> offboarded) {

  /** One lead whose place differs: where it goes under the first and under the second configuration. */
  public record Change(String leadId, String before, String after) {}

  /** How the leads meet the two configurations. */
  public enum Mode {
    /**
     * Each lead previewed against fresh routers: no lead takes capacity or a round-robin turn from another, so only
     * what the rules decide differs. A change that acts under load (a capacity threshold, an override share, a
     * rep's capacity, daily cap or weight) shows no difference here.
     */
    PREVIEW,
    /**
     * The file routed in order through two fresh routers, as {@code routing route} does: each lead takes its rep's
     * capacity and the round-robin turn, so load-dependent changes show; one lead that moves can move the round-robin
     * turns of those after it.
     */
    SEQUENCE
  }

  /**
   * Copies.
   *
   * @param leads leads compared
   * @param moved leads whose place differs
   * @param moves "before -> after" (each {@code rep X} or {@code queue Q}) with how many leads made that move,
   *     most first
   * @param changes every lead that moved, in file order
   * @param realigned of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
   *     through the first configuration), that a reload of the second would take from a rep whose coverage it changes
   *     and who no longer covers them ({@link Router#previewReconfigure}, with the second configuration's chain), and
   *     where each would go; empty in {@link Mode#PREVIEW} without open leads
   * @param handedOver of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
   *     through the first configuration), that a reload of the second would hand over to the new people of accounts it
   *     gives to others ({@link Router#previewReconfigure}), and to whom; empty in {@link Mode#PREVIEW} without open
   *     leads
   * @param offboarded of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
   *     through the first configuration), that reps the second leaves out hold and a reload would move as the second's
   *     {@code when_reps_leave} says ({@link Router#previewReconfigure}), and where; empty without that setting (the
   *     leads stay) and in {@link Mode#PREVIEW} without open leads
   */
  public ConfigDiff {
    moves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moves));
    changes = List.copyOf(changes);
    realigned = List.copyOf(realigned);
    handedOver = List.copyOf(handedOver);
    offboarded = List.copyOf(offboarded);
  }

  /**
   * A comparison without realigned, handed-over or offboarded leads (as {@link Mode#PREVIEW} makes).
   *
   * @param leads leads compared
   * @param moved leads whose place differs
   * @param moves "before -> after" (each {@code rep X} or {@code queue Q}) with how many leads made that move,
   *     most first
   * @param changes every lead that moved, in file order
   */
  public ConfigDiff(int leads, int moved, Map<String, Integer> moves, List<Change> changes) {
    this(leads, moved, moves, changes, List.of(), List.of(), List.of());
  }

  /**
   * A comparison without handed-over or offboarded leads.
   *
   * @param leads leads compared
   * @param moved leads whose place differs
   * @param moves "before -> after" (each {@code rep X} or {@code queue Q}) with how many leads made that move,
   *     most first
   * @param changes every lead that moved, in file order
   * @param realigned of the leads left open (the open leads, and in {@link Mode#SEQUENCE} the file's leads routed
   *     through the first configuration), that a reload of the second would take from a rep whose coverage it changes
   *     and who no longer covers them ({@link Router#previewReconfigure}, with the second configuration's chain), and
   *     where each would go; empty in {@link Mode#PREVIEW} without open leads
   */
  public ConfigDiff(int leads, int moved, Map<String, Integer> moves, List<Change> changes, List<Change> realigned) {
    this(leads, moved, moves, changes, realigned, List.of(), List.of());
  }

  /**
   * Compares {@code before} and {@code after} on {@code leads} previewed ({@link Mode#PREVIEW}) on {@code clock}.
   *
   * @param before the configuration in force
   * @param after the one to compare with it
   * @param leads the leads
   * @param clock the clock both route on
   * @return the comparison
   */
  public static ConfigDiff compare(RoutingConfig before, RoutingConfig after, List<? extends Lead> leads,
      Clock clock) {
    return compare(before, after, leads, clock, Mode.PREVIEW);
  }

  /**
   * Compares {@code before} and {@code after} on {@code leads} as {@code mode} says, both on {@code clock}.
   *
   * @param before the configuration in force
   * @param after the one to compare with it
   * @param leads the leads
   * @param clock the clock both route on
   * @param mode how the leads are compared
   * @return the comparison
   */
  public static ConfigDiff compare(RoutingConfig before, RoutingConfig after, List<? extends Lead> leads,
      Clock clock, Mode mode) {
    return compare(before, after, leads, List.of(), clock, mode);
  }

  /**
   * Compares {@code before} and {@code after} on {@code leads} as {@code mode} says, both on {@code clock}, with the
   * leads {@code open} already open: the book reps hold and queues keep, as a CRM exports it
   * ({@link LeadFiles#readOpen}). The first configuration's router adopts them ({@link Router#adopt}) as they
   * stand; the second's adopts them as a reload of it would leave them ({@link Router#previewReconfigure} with its
   * own settings: a leaver's lead where its {@code when_reps_leave} puts it, an account's lead with its new people
   * under {@code when_accounts_move}, a lead its rep no longer covers routed again under {@code
   * when_coverage_changes}; a lead a rep it leaves out keeps, without that policy, takes no one's room). So reps'
   * loads count the book in both, and {@link #realigned}, {@link #handedOver} and {@link #offboarded} name the open
   * leads the reload would move, in either mode (in {@link Mode#SEQUENCE} with the file's leads left open beside
   * them). The file's leads are compared, not the open ones.
   *
   * @param before the configuration in force
   * @param after the one to compare with it
   * @param leads the leads
   * @param open the leads already open (held by reps of {@code before}), in any order; empty for none
   * @param clock the clock both route on
   * @param mode how the leads are compared
   * @return the comparison
   * @throws IllegalArgumentException if an open lead cannot be adopted (its rep is not in {@code before}, its times
   *     lie after the clock's now), naming the lead
   */
  public static ConfigDiff compare(RoutingConfig before, RoutingConfig after, List<? extends Lead> leads,
      List<io.smartrouting.core.ExistingLead> open, Clock clock, Mode mode) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(leads, "leads");
    Objects.requireNonNull(open, "open");
    List<Decision> a;
    List<Decision> b;
    List<Change> realigned = new ArrayList<>();
    List<Change> handedOver = new ArrayList<>();
    List<Change> offboarded = new ArrayList<>();
    try (Router ra = before.toBuilder().clock(clock).manualTimers().build();
        Router rb = after.toBuilder().clock(clock).manualTimers().build()) {
      Map<String, String> holder = new java.util.HashMap<>();
      for (io.smartrouting.core.ExistingLead e : open) {
        holder.put(e.lead().id(), place(ra.adopt(e)));
      }
      if (!open.isEmpty()) {
        adoptAsReloaded(ra, rb, after, open);
      }
      a = mode == Mode.PREVIEW ? ra.previewAll(leads) : routeAll(ra, leads);
      b = mode == Mode.PREVIEW ? rb.previewAll(leads) : routeAll(rb, leads);
      if (mode == Mode.SEQUENCE || !open.isEmpty()) {
        if (mode == Mode.SEQUENCE) {
          for (Decision d : a) {
            holder.put(d.leadId(), place(d));
          }
        }
        // One preview of the reload as the second configuration would make it (its chain, roster, accounts and
        // leavers' policy), with its account and coverage moves on so that the diff names them even where the second
        // leaves them off (it says so): the leavers' leads, then accounts changing hands, then the realigned leads,
        // each part seeing where the earlier ones put a lead.
        java.util.Set<String> staying = new java.util.HashSet<>();
        after.reps().forEach(r -> staying.add(r.id()));
        for (Decision d : ra.previewReconfigure(after.toBuilder().whenAccountsMove(true).whenCoverageChanges(true))) {
          String from = holder.getOrDefault(d.leadId(), "?");
          Change ch = new Change(d.leadId(), from, place(d));
          holder.put(d.leadId(), ch.after());
          if ("account-move".equals(d.decidedBy())) {
            handedOver.add(ch);
          } else if (from.startsWith("rep ") && !staying.contains(from.substring(4))) {
            offboarded.add(ch);
          } else {
            realigned.add(ch);
          }
        }
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      String x = place(a.get(i));
      String y = place(b.get(i));
      if (!x.equals(y)) {
        changes.add(new Change(leads.get(i).id(), x, y));
        counts.merge(x + " -> " + y, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort((p, q) -> p.getValue().equals(q.getValue()) ? p.getKey().compareTo(q.getKey())
        : Integer.compare(q.getValue(), p.getValue()));
    Map<String, Integer> moves = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : sorted) {
      moves.put(e.getKey(), e.getValue());
    }
    return new ConfigDiff(leads.size(), changes.size(), moves, changes, realigned, handedOver, offboarded);
  }

  /**
   * Has {@code rb} (the second configuration's router) adopt the open leads as a reload of {@code after} on {@code ra}
   * (holding only them) would leave them: moved where the reload's preview moves them, as of now; kept where they
   * are otherwise, but for a lead a rep {@code after} leaves out keeps (no {@code when_reps_leave}), which is on no
   * roster of {@code rb} and so takes no room of its reps.
   */
  private static void adoptAsReloaded(Router ra, Router rb, RoutingConfig after,
      List<io.smartrouting.core.ExistingLead> open) {
    Map<String, Decision> moved = new java.util.HashMap<>();
    for (Decision d : ra.previewReconfigure(after.toBuilder())) {
      moved.put(d.leadId(), d);
    }
    java.util.Set<String> staying = new java.util.HashSet<>();
    after.reps().forEach(r -> staying.add(r.id()));
    java.time.Instant now = ra.clock().instant();
    for (io.smartrouting.core.ExistingLead e : open) {
      Decision m = moved.get(e.lead().id());
      if (m != null) {
        io.smartrouting.core.ExistingLead there = m.repId() != null
            ? io.smartrouting.core.ExistingLead.heldBy(e.lead(), m.repId(), now)
            : io.smartrouting.core.ExistingLead.waitingIn(e.lead(), Objects.requireNonNull(m.queue()), now);
        rb.adopt(e.firstContactDeadline() ? there : there.withoutDeadline());
      } else if (e.repId() == null || staying.contains(e.repId())) {
        rb.adopt(e);
      }
    }
  }

  private static List<Decision> routeAll(Router router, List<? extends Lead> leads) {
    List<Decision> out = new ArrayList<>(leads.size());
    for (Lead lead : leads) {
      out.add(router.route(lead));
    }
    return out;
  }

  private static String place(Decision d) {
    return d.repId() != null ? "rep " + d.repId() : "queue " + d.queue();
  }

  /**
   * A summary for a person: how many leads move, and the {@code top} most frequent moves.
   *
   * @param top how many of the most frequent moves to list
   * @return the summary
   */
  public String toText(int top) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d of %d leads go somewhere else (%.1f%%)%n", moved, leads,
        leads == 0 ? 0.0 : 100.0 * moved / leads));
    int n = 0;
    for (Map.Entry<String, Integer> e : moves.entrySet()) {
      if (n++ == top) {
        sb.append(String.format(Locale.ROOT, "  ... and %d other moves%n", moves.size() - top));
        break;
      }
      sb.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
    }
    return sb.toString();
  }
}
