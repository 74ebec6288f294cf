package io.smartrouting.spi;

import io.smartrouting.api.Lead;
import org.jspecify.annotations.Nullable;

/**
 * Looks up firmographic data for a lead before it is classified (employee count, revenue, industry, location).
 * A router calls it on a bounded thread pool with a timeout and caches results by {@link #cacheKey(Lead)}; when
 * enrichment is slow or fails, the lead is routed with the data it has and the decision says so.
 *
 * <p>Implementations must be thread-safe. They may block (that is why a router bounds them by a timeout).
 */
@FunctionalInterface
public interface LeadEnricher {

  /**
   * Returns what is known about the lead's company; {@link Enrichment#none()} when nothing is.
   *
   * @param lead the lead
   * @return the enrichment
   * @throws Exception on any failure; the router routes without enrichment
   */
  Enrichment enrich(Lead lead) throws Exception;

  /**
   * The key under which results are cached, for example the e-mail domain; null to not cache this lead. The
   * default caches by company website, else e-mail domain, else not at all. Whatever this returns, a router never
   * caches under a key that names a free-mail domain ({@code mail:gmail.com}): unrelated people share those, so one
   * lead's company data must not be handed to the next.
   * @param lead the lead
   * @return the key under which results are cached, for example the e-mail domain; null to not cache this lead
   */
  default @Nullable String cacheKey(Lead lead) {
    if (lead.website() != null) {
      return "web:" + lead.website().toLowerCase(java.util.Locale.ROOT);
    }
    String email = lead.email();
    if (email != null && email.indexOf('@') >= 0) {
      return "mail:" + email.substring(email.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
    }
    return null;
  }
}
