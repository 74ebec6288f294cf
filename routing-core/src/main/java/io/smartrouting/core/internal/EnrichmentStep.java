package io.smartrouting.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smartrouting.api.Lead;
import io.smartrouting.spi.Enrichment;
import io.smartrouting.spi.LeadEnricher;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link LeadEnricher} on a small bounded pool with a timeout, caching results with Caffeine. Routing
 * never waits longer than the timeout and goes on with the data it has when enrichment fails. Not API.
 */
public final class EnrichmentStep implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentStep.class);

  /** The lead to route and what enrichment did. */
  public static final class Result {
    public final Lead lead;
    public final @Nullable String note;
    public final boolean degraded;

    Result(Lead lead, @Nullable String note, boolean degraded) {
      this.lead = lead;
      this.note = note;
      this.degraded = degraded;
    }
  }

  private final LeadEnricher enricher;
  private final long timeoutNanos;
  private final Cache<String, Enrichment> cache;
  private final ThreadPoolExecutor pool;
  private final java.util.Set<String> freeMailDomains;

  public EnrichmentStep(LeadEnricher enricher, Duration timeout, Duration cacheTtl, long cacheSize,
      java.util.Set<String> freeMailDomains) {
    this.enricher = enricher;
    this.freeMailDomains = java.util.Set.copyOf(freeMailDomains);
    this.timeoutNanos = timeout.toNanos();
    this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(2, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "smart-routing-enricher-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    this.pool.allowCoreThreadTimeOut(true);
  }

  public Result enrich(Lead lead) {
    return enrich(lead, true);
  }

  /** As {@link #enrich(Lead)}; with {@code store} false a result is read from the cache but never put in it. */
  public Result enrich(Lead lead, boolean store) {
    String key;
    try {
      key = enricher.cacheKey(lead);
    } catch (RuntimeException e) {
      key = null;
    }
    if (key != null && namesFreeMailDomain(key)) {
      // Thousands of unrelated people share gmail.com: what one of them told us is not true of the next.
      key = null;
    }
    if (key != null) {
      Enrichment cached = cache.getIfPresent(key);
      if (cached != null) {
        return new Result(cached.applyTo(lead), "from cache", false);
      }
    }
    Future<Enrichment> f;
    try {
      f = pool.submit(() -> enricher.enrich(lead));
    } catch (RejectedExecutionException e) {
      LOG.warn("enrichment pool saturated; routing lead {} without enrichment", lead.id());
      return new Result(lead, "skipped: enrichment pool saturated; routed with the data the lead had", true);
    }
    try {
      Enrichment e = f.get(timeoutNanos, TimeUnit.NANOSECONDS);
      if (e == null) {
        e = Enrichment.none();
      }
      if (key != null && store) {
        cache.put(key, e);
      }
      return new Result(e.applyTo(lead), e.isEmpty() ? "nothing found" : "enriched", false);
    } catch (TimeoutException e) {
      f.cancel(true);
      LOG.warn("enrichment timed out after {} ms for lead {}", TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
          lead.id());
      return new Result(lead, "timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
          + " ms; routed with the data the lead had", true);
    } catch (ExecutionException e) {
      LOG.warn("enrichment failed for lead {}", lead.id(), e.getCause());
      return new Result(lead, "failed (" + e.getCause().getClass().getSimpleName()
          + "); routed with the data the lead had", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new Result(lead, "interrupted; routed with the data the lead had", true);
    }
  }

  /**
   * True if {@code key} names a free-mail domain: the whole key, or any part of it between the separators
   * {@code : / @} (so {@code mail:gmail.com}, {@code web:https://www.gmail.com/} and {@code x@yahoo.com} all do).
   */
  boolean namesFreeMailDomain(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    int start = 0;
    for (int i = 0; i <= k.length(); i++) {
      if (i == k.length() || k.charAt(i) == ':' || k.charAt(i) == '/' || k.charAt(i) == '@') {
        if (i > start && isFreeMail(k.substring(start, i))) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private boolean isFreeMail(String host) {
    String h = host.startsWith("www.") ? host.substring(4) : host;
    if (freeMailDomains.contains(h)) {
      return true;
    }
    String registrable = AccountDirectory.registrableDomain(h);
    return registrable != null && freeMailDomains.contains(registrable);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
