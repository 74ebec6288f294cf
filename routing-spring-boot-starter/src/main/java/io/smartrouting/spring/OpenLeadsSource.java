package io.smartrouting.spring;

import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.ExistingLead;

/**
 * A bean that gives each tenant's leads already open, as the system of record (the vendor's CRM tables) holds them:
 * the starter takes them up ({@link io.smartrouting.core.Router#adopt}, or
 * {@link io.smartrouting.core.experiment.Experiment#adopt} for a tenant running an experiment) when it builds the
 * tenant's router, before the router is handed to the application, so no lead is routed before the reps' loads,
 * deadlines and queues count them.
 *
 * <p>What it is for: a router on the in-memory store keeps nothing across a restart, so each start takes up the leads
 * it held; and at go-live, the leads reps already hold. On a shared store (Redis) the open leads are in the store
 * already: adopting is idempotent (a lead open in the store is left where it is) but reads the store once a lead, so
 * give a source there only for the go-live import. A lead that cannot be taken up (a rep not on the roster, times in
 * the future) stops the application with the tenant and the lead named, as a broken routing document does.
 */
@FunctionalInterface
public interface OpenLeadsSource {

  /**
   * The leads open for {@code tenant} now (read when the application starts; none for a tenant it has nothing for).
   * A CRM's export in a file reads with {@code LeadFiles.readOpen(file, false, config)}.
   *
   * @param tenant the tenant id ({@code default} with one document)
   * @param config the tenant's routing document: its reps, accounts and lead sources
   * @return its open leads, each with its rep or queue and since when
   */
  Iterable<ExistingLead> openLeads(String tenant, RoutingConfig config);
}
