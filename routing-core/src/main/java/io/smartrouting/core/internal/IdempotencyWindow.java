package io.smartrouting.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smartrouting.api.Decision;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The decisions of recently routed leads, by lead id, for idempotency: a lead routed again within the window gets
 * the same decision. Striped over several Caffeine caches by a hash of the lead id: one cache runs its maintenance
 * (expiry, eviction) under one lock, and with every routing thread writing once per lead that lock was the limit on
 * scaling across cores (two threads routed slower than one). Each stripe holds {@code maxLeadIds / stripes}. Not API.
 */
public final class IdempotencyWindow {

  private final Cache<String, Decision>[] stripes;
  private final int mask;

  @SuppressWarnings("unchecked")
  public IdempotencyWindow(Duration window, long maxLeadIds, Ticker ticker) {
    long cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    int n = Integer.highestOneBit((int) Math.max(1, Math.min(64, Math.min(maxLeadIds, cores * 4))));
    this.stripes = new Cache[n];
    this.mask = n - 1;
    long perStripe = Math.max(1, maxLeadIds / n);
    for (int i = 0; i < n; i++) {
      stripes[i] = Caffeine.newBuilder()
          .expireAfterWrite(window)
          .maximumSize(perStripe)
          .ticker(ticker)
          // Maintenance on the calling thread: handing it to the common pool costs a thread wake-up per write.
          .executor(Runnable::run)
          .build();
    }
  }

  private Cache<String, Decision> stripe(String leadId) {
    int h = leadId.hashCode();
    return stripes[(h ^ (h >>> 16)) & mask];
  }

  /** The decision remembered for {@code leadId}, or null. */
  public @Nullable Decision get(String leadId) {
    return stripe(leadId).getIfPresent(leadId);
  }

  /** Remembers {@code d} unless the lead already has a decision; returns that decision, or null. */
  public @Nullable Decision putIfAbsent(String leadId, Decision d) {
    return stripe(leadId).asMap().putIfAbsent(leadId, d);
  }

  /** Remembers {@code d} for its lead, replacing any earlier decision. */
  public void put(String leadId, Decision d) {
    stripe(leadId).put(leadId, d);
  }

  /** Forgets everything. */
  public void clear() {
    for (Cache<String, Decision> c : stripes) {
      c.invalidateAll();
    }
  }

  /** Number of stripes (for tests). */
  int stripes() {
    return stripes.length;
  }
}
