package io.smartrouting.core.internal;

import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Who held each lead when it was released, for a while after: deals close weeks after the lead left the rep's
 * queue, and an outcome reported then should still count for the lead's segment and name its last holder. Bounded
 * by a window and a number of leads ({@link RecentWindow}); what is kept per lead is one of a few shared values per
 * rep, so a release allocates nothing once a rep has been seen. Thread-safe. Not API.
 */
public final class ClosedLeads {

  /**
   * What is remembered of a released lead.
   *
   * @param repId the rep that held it last, or null when it was released from a queue
   * @param tier its tier
   * @param segment its segment, or null when the router no longer knew it at the release
   */
  public record Closed(@Nullable String repId, Tier tier, @Nullable Segment segment) {}

  private static final int SEGMENTS = Segment.values().length + 1;
  private static final int KINDS = Tier.values().length * SEGMENTS;

  private final RecentWindow<Closed> window;
  /** Per rep id (and "" for queues), one shared value per tier and segment, made on first use. */
  private final ConcurrentHashMap<String, Closed[]> kinds = new ConcurrentHashMap<>();

  /**
   * Remembers released leads for {@code window}, at most {@code maxLeads} of them (oldest forgotten first).
   *
   * @throws IllegalArgumentException if the window or the count is not positive
   */
  public ClosedLeads(Duration window, long maxLeads, LongSupplier nanoTime) {
    this.window = new RecentWindow<>(window, maxLeads, nanoTime);
  }

  /** Notes that {@code leadId}, of {@code tier} and {@code segment}, was released by {@code repId} (null: a queue). */
  public void released(String leadId, @Nullable String repId, Tier tier, @Nullable Segment segment) {
    Closed[] byKind = kinds.get(repId == null ? "" : repId);
    if (byKind == null) {
      byKind = kinds.computeIfAbsent(repId == null ? "" : repId, k -> new Closed[KINDS]);
    }
    int i = tier.ordinal() * SEGMENTS + (segment == null ? SEGMENTS - 1 : segment.ordinal());
    Closed c = byKind[i];
    if (c == null) {
      // A benign race: two threads may each make one; either is as good.
      c = new Closed(repId, tier, segment);
      byKind[i] = c;
    }
    window.put(leadId, c);
  }

  /**
   * What is remembered of {@code leadId}, or null; with {@code forget}, it is forgotten too (a final outcome is
   * counted once).
   */
  public @Nullable Closed of(String leadId, boolean forget) {
    return forget ? window.remove(leadId) : window.get(leadId);
  }
}
