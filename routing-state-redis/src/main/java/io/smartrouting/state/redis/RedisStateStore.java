package io.smartrouting.state.redis;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.PlaceResult;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.state.StateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.ClusterCommandArguments;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A {@link RoutingStateStore} on Redis for one tenant: routers on many nodes that use stores of the same tenant on
 * the same Redis route as one.
 *
 * <ul>
 *   <li><b>Capacity</b>: each rep's open leads are a Redis set of lead ids; reserve and release are Lua scripts,
 *       atomic across nodes, never above the limit, never below zero, and idempotent per lead id.</li>
 *   <li><b>Placements</b>: one hash per open lead (rep or queue, tier, times, SLA deadline, routing facts and custom
 *       attributes without contact details), moved only by compare-and-set scripts; a router built with
 *       {@link io.smartrouting.core.Router.Builder#resumeOpenLeads()} re-arms their SLA timers.</li>
 *   <li><b>Response statistics</b>: per rep, count and sum of minutes to first contact.</li>
 *   <li><b>Tenants</b>: every key is {@code sr:{<tenant>}:...}; a store only ever builds keys of its own tenant.
 *       With Redis ACLs ({@link Builder#credentials}), give each tenant's user only {@code ~sr:{<tenant>}:*} and
 *       Redis itself refuses anything else.</li>
 *   <li><b>Failure</b>: every call is bounded by the timeout (default 100 ms). A failure throws
 *       {@link StateUnavailableException}, and for the next {@code retryAfter} (default 1 s) calls fail at once
 *       instead of waiting again; the router then queues leads, flagged, and reconciles them when Redis answers.</li>
 * </ul>
 *
 * <p>Reads on the routing hot path (open leads, mean response minutes, used to score candidates) come from a local
 * view refreshed every {@code refreshInterval} (default 100 ms) and by this node's own reservations; the capacity
 * limit itself is always enforced by Redis. A refresh reads only the reps changed since the last one (a change log
 * the scripts keep in Redis), so its cost follows the changes, not the roster. The refreshes and timer-lease renewals
 * of every store of the JVM run on a few shared daemon threads. Thread-safe. Close it to stop its background tasks and
 * the pool.
 */
public final class RedisStateStore implements RoutingStateStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);
  /** How often a cluster call follows a redirection or retries on another connection before it fails. */
  static final int CLUSTER_ATTEMPTS = 5;
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final List<String> FACT_FIELDS = List.of("country", "region", "postalCode", "industry", "employees",
      "arr", "language", "timeZone", "source", "title", "icpScore", "accountId", "salesQualified", "companyName",
      "website");

  private final String tenant;
  /** What {@link #toString} says: tenant, where and the settings, never credentials. */
  private final String description;
  private final String prefix;
  /** A {@link JedisPooled} on one server, or a {@link JedisCluster}: every key of the tenant is in one slot. */
  private final UnifiedJedis redis;
  /** The pool this store shares with other tenants' stores ({@link Builder#connections}), or null: its own. */
  private final @Nullable RedisConnections shared;
  /** The polling sockets of {@link Builder#spinWait}, or null. */
  private final @Nullable SpinningSockets sockets;
  private final long retryAfterNanos;
  private final long timeoutMillis;
  private final ConcurrentHashMap<String, byte[]> rawShas = new ConcurrentHashMap<>();
  /** {@link #prefix} in bytes, for keys built without an intermediate string. */
  private final byte[] prefixBytes;
  private final byte[] indexKeyBytes;
  /**
   * The scripts that release a lead, keeping it for {@link #keepMillis} ({@link Scripts#keeping}); replaced together
   * when a learning router asks for a longer time ({@link #keepReleasedLeads}).
   */
  private volatile String releasePlacementScript = Scripts.RELEASE_PLACEMENT;
  private volatile String releaseManyScript = Scripts.RELEASE_MANY;
  private volatile String placeAndReserveScript = Scripts.PLACE_AND_RESERVE;
  private volatile String placeReserveTurnScript = Scripts.PLACE_RESERVE_TURN;
  /** How long released leads are kept (0: not kept); set by the builder ({@link #keepSet}) or by learning routers. */
  private volatile long keepMillis;
  private final boolean keepSet;
  private final byte[] openPrefixBytes;
  private final byte[] respPrefixBytes;
  private final byte[] responsesKeyBytes;
  /** The tenant's noted cap counts ({@code taken}, {@link Scripts#RESERVATION_TERMS}). */
  private final byte[] takenKeyBytes;
  /** The view's change log ({@link Scripts#CHANGE_LOG}): reps by the number of their latest change; counter, epoch. */
  private final byte[] changesKeyBytes;
  private final byte[] epochKeyBytes;
  private final byte[] seqKeyBytes;
  /** The change log's sequence number and epoch this node's view has read up to (0 and empty: none). */
  private volatile long changeSeq;
  private volatile byte[] changeEpoch = new byte[0];
  /** Reps this node has come to know and not read yet: read by the next refresh. */
  private final java.util.concurrent.ConcurrentLinkedQueue<RedisRep> unread =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** Reps read because the change log named them, and refreshes that found nothing new: for tests. */
  final java.util.concurrent.atomic.LongAdder changedRepsRead = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder quietRefreshes = new java.util.concurrent.atomic.LongAdder();
  private static final ThreadLocal<Packed> PACKED = ThreadLocal.withInitial(Packed::new);
  private static final ThreadLocal<PendingTurn> PENDING_TURN = ThreadLocal.withInitial(PendingTurn::new);
  /** What this node knows of each round-robin key's shared credits (see {@link #turnsWithPlacement()}). */
  private final ConcurrentHashMap<String, TurnMirror> mirrors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RedisRep> reps = new ConcurrentHashMap<>();
  /**
   * The background work of every store of the JVM: view refreshes and timer-lease renewals, on a few daemon threads
   * (one a store open now, {@value #BACKGROUND_THREADS} at most; each store's two tasks never overlap themselves).
   * Until 5 December 2026 every store had a thread of its own, so a vendor with one store per tenant ran a thread per
   * tenant (200 tenants: 417 threads); then the pool kept {@value #BACKGROUND_THREADS} threads even for one store.
   */
  private static final java.util.concurrent.ScheduledThreadPoolExecutor BACKGROUND;
  /** Threads of {@link #BACKGROUND} at most: as many stores may wait on a slow Redis at once before the others do. */
  static final int BACKGROUND_THREADS = 8;
  /** Stores built and not closed, which size {@link #BACKGROUND}. */
  private static final java.util.concurrent.atomic.AtomicInteger OPEN_STORES =
      new java.util.concurrent.atomic.AtomicInteger();

  static {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    BACKGROUND = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "smartrouting-redis-background-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    BACKGROUND.setRemoveOnCancelPolicy(true);
    // Gone a minute after the last store closed (the last thread stays while any task waits, however far off).
    BACKGROUND.setKeepAliveTime(60, TimeUnit.SECONDS);
    BACKGROUND.allowCoreThreadTimeOut(true);
  }

  /**
   * Sizes {@link #BACKGROUND} to the stores open now, one thread a store, 1 to {@value #BACKGROUND_THREADS}: a
   * scheduled pool starts threads up to its size as its periodic tasks come round, so a fixed size of eight ran
   * eight threads for a single store. Threads beyond a smaller size end once idle for the keep-alive time.
   */
  private static synchronized void sizeBackground() {
    int want = Math.max(1, Math.min(BACKGROUND_THREADS, OPEN_STORES.get()));
    if (BACKGROUND.getCorePoolSize() != want) {
      BACKGROUND.setCorePoolSize(want);
    }
  }

  /** The background pool's size now, for tests. */
  static int backgroundPoolSize() {
    return BACKGROUND.getCorePoolSize();
  }

  /** Stores built and not closed in this JVM, for tests. */
  static int openStores() {
    return OPEN_STORES.get();
  }

  private final java.util.concurrent.ScheduledFuture<?> refreshTask;
  private final java.util.concurrent.ScheduledFuture<?> leaseTask;
  /** Guards a lease renewal against the lease given back at close. */
  private final Object leaseLock = new Object();
  private final java.util.concurrent.atomic.LongAdder roundTrips = new java.util.concurrent.atomic.LongAdder();
  /** Lead hashes asked for by pipelined reads ({@link #hashesOf}): what a claim or a drain costs beyond its trips. */
  final java.util.concurrent.atomic.LongAdder leadHashesRead = new java.util.concurrent.atomic.LongAdder();
  /** This store's identity in the tenant's timer lease. */
  private final String leaseToken = java.util.UUID.randomUUID().toString();
  private final long leaseTtlMillis;
  private final java.util.concurrent.atomic.AtomicLong leaseEpoch = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean leaseHeld;
  private volatile long leaseValidUntilNanos;
  private volatile long downUntil;
  private volatile boolean down;
  /**
   * Releases waiting to ride in this node's next placement script, or to be sent by the flusher once they have
   * waited {@link #releaseDelayNanos} ({@link #releasePlacementAsync}); oldest first.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<QueuedRelease> releases =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger queuedReleases =
      new java.util.concurrent.atomic.AtomicInteger();
  private final long releaseDelayNanos;
  /** Replicas that must confirm each write ({@code WAIT}), 0 for none; and how long they may take. */
  private final int replicaAcks;
  private final long replicaAckMillis;
  private volatile @Nullable Thread flusher;
  /**
   * True while the flusher waits for releases with none queued; the first release after that takes it back to false
   * and wakes the flusher, so that one wake-up serves a burst (every release of four threads used to wake it while it
   * waited for a core: a futex call each).
   */
  private final java.util.concurrent.atomic.AtomicBoolean flusherIdle = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closing;
  /** Set while this store counts in {@link #OPEN_STORES}: from its construction to its first close. */
  private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();

  private RedisStateStore(Builder b) {
    this.description = "RedisStateStore[tenant=" + b.tenant + ", "
        + (b.connections != null ? "connections=" + b.connections
            : b.clusterSeeds.isEmpty() ? "endpoint=" + b.host + ":" + b.port : "cluster=" + b.clusterSeeds)
        + ", timeout=" + b.timeout + ", releaseDelay=" + b.releaseDelay + ", replicaAcks=" + b.replicaAcks
        + (b.replicaAcks > 0 ? " within " + b.replicaAckTimeout : "") + ", spinWait=" + b.spinWait
        + ", maxConnections=" + b.maxConnections + "]";
    this.tenant = b.tenant;
    this.prefix = "sr:{" + b.tenant + "}:";
    this.prefixBytes = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.indexKeyBytes = (prefix + "leads").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.openPrefixBytes = (prefix + "open:").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.respPrefixBytes = (prefix + "resp:").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.responsesKeyBytes = (prefix + "responses").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.takenKeyBytes = (prefix + "taken").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.changesKeyBytes = (prefix + "changes").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.epochKeyBytes = (prefix + "epoch").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.seqKeyBytes = (prefix + "seq").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.outcomeKeys = List.of(prefix + "conv", prefix + "convseq", prefix + "convlog", prefix + "convepoch");
    this.keepSet = b.keepReleasedLeads != null;
    keepReleasedFor(b.keepReleasedLeads == null ? Duration.ZERO : b.keepReleasedLeads);
    int timeout = (int) b.timeout.toMillis();
    this.timeoutMillis = timeout;
    // A write waits for its replicas too: a read may take the call's timeout plus theirs.
    int readTimeout = (int) (timeout + (b.replicaAcks > 0 ? b.replicaAckTimeout.toMillis() : 0));
    this.releaseDelayNanos = b.releaseDelay.toNanos();
    this.replicaAcks = b.replicaAcks;
    this.replicaAckMillis = b.replicaAckTimeout.toMillis();
    this.shared = b.connections;
    if (b.connections != null) {
      this.sockets = null;
      this.redis = b.connections.attach();
    } else if (b.spinWait.isZero()) {
      this.sockets = null;
      this.redis = RedisConnections.connect(b.host, b.port, b.clusterSeeds, b.user, b.password, timeout, readTimeout,
          b.maxConnections, "smartrouting-" + b.tenant);
    } else {
      SpinningSockets polling = new SpinningSockets(b.host, b.port, timeout, readTimeout, b.spinWait.toNanos());
      this.sockets = polling;
      this.redis = new JedisPooled(RedisConnections.poolConfig(b.maxConnections, timeout), polling,
          RedisConnections.clientConfig(b.user, b.password, timeout, readTimeout, "smartrouting-" + b.tenant).build());
    }
    this.retryAfterNanos = b.retryAfter.toNanos();
    open.set(true);
    OPEN_STORES.incrementAndGet();
    sizeBackground();
    long every = b.refreshInterval.toMillis();
    this.refreshTask = BACKGROUND.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    // The timer lease: held for takeover - 2 checks, checked every takeover / 10, so a dead holder's lease is taken
    // over within the takeover time. Tried once now, so a single router holds it from its first decision.
    long check = Math.max(1, b.takeover.toMillis() / 10);
    this.leaseTtlMillis = Math.max(check, b.takeover.toMillis() - 2 * check);
    leaseQuietly();
    this.leaseTask = BACKGROUND.scheduleWithFixedDelay(this::leaseQuietly, check, check, TimeUnit.MILLISECONDS);
  }

  private void leaseQuietly() {
    synchronized (leaseLock) {
      if (!closing) {
        renewLease();
      }
    }
  }

  private void renewLease() {
    try {
      long started = System.nanoTime();
      Object r = script("lease", Scripts.LEASE, List.of(prefix + "lease"),
          List.of(leaseToken, Long.toString(leaseTtlMillis)));
      long answer = (Long) r;
      if (answer == 0) {
        leaseHeld = false;
        return;
      }
      leaseValidUntilNanos = started + TimeUnit.MILLISECONDS.toNanos(leaseTtlMillis);
      if (answer == 2 || !leaseHeld) {
        leaseEpoch.incrementAndGet();
        LOG.info("tenant {}: this node now runs the SLA timers and queue drains", tenant);
      }
      leaseHeld = true;
    } catch (RuntimeException e) {
      // Unreachable: the lease runs out on its own (holdsTimerLease checks its validity), no need to act here.
      LOG.debug("tenant {}: timer lease not renewed: {}", tenant, e.getMessage());
    }
  }

  /**
   * True while this store holds the tenant's timer lease: one store per tenant at a time, renewed in the background
   * and taken over by another within {@link Builder#takeover(Duration)} when its holder stops.
   */
  @Override
  public boolean holdsTimerLease() {
    return leaseHeld && System.nanoTime() - leaseValidUntilNanos < 0;
  }

  @Override
  public long timerLeaseEpoch() {
    return leaseEpoch.get();
  }

  /**
   * Exactly one claimant per lead and deadline, recorded in the lead's hash (gone with the lead): the claimant again,
   * or the holder of the lease the claimant lost, is told {@link BreachClaim#AGAIN}.
   */
  @Override
  public BreachClaim claimBreach(String leadId, Instant due) {
    Object r = script("claimBreach", Scripts.CLAIM_BREACH, List.of(leadKey(leadId), prefix + "lease"),
        List.of(Long.toString(due.toEpochMilli()), leaseToken));
    long answer = (Long) r;
    return answer == 1L ? BreachClaim.FIRST : answer == 2L ? BreachClaim.AGAIN : BreachClaim.REFUSED;
  }

  /** Stops the background threads without giving the lease back: a node that died, for tests. */
  void crashForTest() {
    refreshTask.cancel(false);
    leaseTask.cancel(false);
  }

  /** The tenant, the server or cluster seeds, and the settings this store was built with; never credentials. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * A builder for tenant {@code tenantId} (letters, digits, {@code _ . -}, at most 64).
   *
   * @param tenantId the tenant: every key this store touches is {@code sr:{tenantId}:...}
   * @return a builder
   */
  public static Builder builder(String tenantId) {
    return new Builder(tenantId);
  }

  /**
   * With {@link Builder#spinWait}: answers that arrived while their thread polled, answers that came after it
   * slept, and the times a thread went to sleep; null without. For tests.
   */
  long @Nullable [] spinCounts() {
    SpinningSockets s = sockets;
    return s == null ? null : new long[] {s.polled.sum(), s.slept.sum(), s.selects.sum()};
  }

  /**
   * Round trips to Redis attempted so far: one per script or command, one per pipelined batch, the local view's
   * refreshes included. For measuring what a decision costs on the shared path.
   *
   * @return the round trips so far
   */
  public long roundTrips() {
    return roundTrips.sum();
  }

  /**
   * The tenant whose keys this store reads and writes.
   *
   * @return the tenant id
   */
  public String tenant() {
    return tenant;
  }

  // ---- keys ----

  String openKey(String repId) {
    return prefix + "open:" + repId;
  }

  private String statsKey(String repId) {
    return prefix + "resp:" + repId;
  }

  private String leadKey(String leadId) {
    return prefix + "lead:" + leadId;
  }

  private String reservationKey(String leadId) {
    return prefix + "resv:" + leadId;
  }

  private String indexKey() {
    return prefix + "leads";
  }

  /**
   * A reservation's limit argument: limit, each cap's period and cap if any, the contact if any
   * ({@link Scripts#RESERVATION_TERMS}).
   */
  private static byte[] terms(int limit, long[] periods, int[] caps, @Nullable String contact) {
    if (periods.length == 0 && contact == null) {
      return ascii(limit);
    }
    StringBuilder t = new StringBuilder().append(limit);
    for (int i = 0; i < periods.length; i++) {
      t.append(':').append(periods[i]).append(':').append(caps[i]);
    }
    if (contact != null) {
      t.append('|').append(contact);
    }
    return t.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** A contact noted on this thread for the placement to come ({@link #noteContact}): lead id and key in hex. */
  private static final ThreadLocal<String[]> PENDING_CONTACT = new ThreadLocal<>();

  /** Yes: a contact's leads are {@code contact:<key>} in the tenant, written with the placement. */
  @Override
  public boolean indexesContacts() {
    return true;
  }

  /**
   * Notes the contact for the placement of {@code leadId} that this thread makes next, written by the same script
   * (no round trip of its own), whichever script places the lead.
   */
  @Override
  public void noteContact(long contactKey, String leadId) {
    Objects.requireNonNull(leadId, "leadId");
    String hex = Long.toHexString(contactKey);
    String[] before = PENDING_CONTACT.get();
    if (before != null && before[0].equals(leadId)) {
      // A second key of the same lead (its contact, then its company): written by the same script.
      if (!List.of(before[1].split(",")).contains(hex)) {
        before[1] = before[1] + "," + hex;
      }
      return;
    }
    PENDING_CONTACT.set(new String[] {leadId, hex});
  }

  /**
   * The keys (hex, comma-separated) noted on this thread for {@code p}'s lead (with a rep or queued), taken (once);
   * null if none.
   */
  private static @Nullable String takeContact(Placement p) {
    String[] c = PENDING_CONTACT.get();
    if (c == null) {
      return null;
    }
    PENDING_CONTACT.remove();
    return c[0].equals(p.leadId()) ? c[1] : null;
  }

  /** One read: the contact's latest lead open with a rep. */
  @Override
  public @Nullable Placement openLeadOfContact(long contactKey) {
    return contactLead(contactKey, null);
  }

  /** Yes, released leads being kept: a closed lead's last rep is in its kept hash ({@link #keepReleasedLeads}). */
  @Override
  public boolean remembersClosedContacts() {
    return true;
  }

  /** One read: the contact's latest lead open with a rep, else its latest kept closed lead assigned since then. */
  @Override
  public @Nullable String repOfContact(long contactKey, @Nullable Instant closedRoutedSince) {
    Placement p = contactLead(contactKey, closedRoutedSince);
    return p == null ? null : p.repId();
  }

  /**
   * One script ({@link Scripts#MOVE_NOTES}). The keys the lead leaves are those its placement noted in Redis (a lead
   * hash keeps them), whatever {@code from} says: the routing facts Redis keeps have no e-mail address, so a node
   * could not work out the old contact's key, nor can a node that did not route the lead.
   */
  @Override
  public void moveContactNotes(String leadId, long[] from, long[] to, Instant at) {
    Objects.requireNonNull(leadId, "leadId");
    List<String> keys = new ArrayList<>(to.length + 1);
    keys.add(leadKey(leadId));
    for (long k : to) {
      keys.add(prefix + "contact:" + Long.toHexString(k));
    }
    script("moveContactNotes", Scripts.MOVE_NOTES, keys, List.of(leadId, Long.toString(at.toEpochMilli())));
  }

  /** One read for all the keys ({@link Scripts#CONTACT_REPS}). */
  @Override
  public @Nullable String[] repsOfContacts(long[] keys, @Nullable Instant[] closedRoutedSince,
      String excludedLeadId) {
    return contactReps(keys, closedRoutedSince, excludedLeadId, Map.of());
  }

  /**
   * A read of each key's latest 16 leads (those {@link Scripts#CONTACT_REPS} reads), then that script with the moves
   * of the leads among them: a preview's moves are many, a key's leads few. Previews only.
   */
  @Override
  public @Nullable String[] repsOfContactsAfter(long[] keys, @Nullable Instant[] closedRoutedSince,
      String excludedLeadId, Map<String, String> moved) {
    return contactReps(keys, closedRoutedSince, excludedLeadId, Objects.requireNonNull(moved, "moved"));
  }

  private @Nullable String[] contactReps(long[] keys, @Nullable Instant[] closedRoutedSince, String excludedLeadId,
      Map<String, String> moved) {
    List<String> contactKeys = new ArrayList<>(keys.length);
    List<String> args = new ArrayList<>(keys.length + 1);
    for (int i = 0; i < keys.length; i++) {
      contactKeys.add(prefix + "contact:" + Long.toHexString(keys[i]));
      args.add(closedRoutedSince[i] == null ? "" : Long.toString(closedRoutedSince[i].toEpochMilli()));
    }
    args.add(excludedLeadId);
    if (!moved.isEmpty()) {
      java.util.Set<String> listed = new java.util.LinkedHashSet<>();
      for (String key : contactKeys) {
        listed.addAll(call("contactLeads", r -> r.zrevrange(key, 0, 15)));
      }
      for (String id : listed) {
        String rep = moved.get(id);
        if (rep != null) {
          args.add(id);
          args.add(rep);
        }
      }
    }
    Object r = script("repsOfContacts", Scripts.CONTACT_REPS, contactKeys, args);
    String[] reps = new String[keys.length];
    if (r instanceof List<?> l) {
      for (int i = 0; i < reps.length && i < l.size(); i++) {
        Object v = l.get(i);
        String rep = v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
            : v == null ? "" : String.valueOf(v);
        reps[i] = rep.isEmpty() ? null : rep;
      }
    }
    return reps;
  }

  private @Nullable Placement contactLead(long contactKey, @Nullable Instant closedRoutedSince) {
    Object r = script("openLeadOfContact", Scripts.CONTACT_LEAD,
        List.of(prefix + "contact:" + Long.toHexString(contactKey)),
        closedRoutedSince == null ? List.of() : List.of(Long.toString(closedRoutedSince.toEpochMilli())));
    if (!(r instanceof List<?> l) || l.size() < 2) {
      return null;
    }
    String leadId = l.get(0) instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
        : String.valueOf(l.get(0));
    Placement p = decode(leadId, (List<?>) l.get(1));
    return p.repId() != null ? p : null;
  }

  // ---- calls ----

  private <T> T call(String what, Function<UnifiedJedis, T> op) {
    if (down && System.nanoTime() - downUntil < 0) {
      throw new StateUnavailableException("redis unavailable for tenant " + tenant + " (" + what
          + " not attempted; retrying shortly)");
    }
    try {
      roundTrips.increment();
      T result = op.apply(redis);
      down = false;
      return result;
    } catch (JedisDataException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("NOPERM")) {
        throw new IllegalStateException("redis refused " + what + " for tenant " + tenant + ": " + e.getMessage(), e);
      }
      throw e;
    } catch (JedisException e) {
      downUntil = System.nanoTime() + retryAfterNanos;
      down = true;
      // Idle pooled connections are likely dead too (a restarted server closed them all): drop them, so that the
      // first call after the retry window opens a fresh connection instead of failing on a stale one.
      if (redis instanceof JedisPooled) {
        try {
          ((JedisPooled) redis).getPool().clear();
        } catch (RuntimeException ignored) {
          // The pool is closing; nothing to drop.
        }
      }
      throw new StateUnavailableException("redis " + what + " failed for tenant " + tenant + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Scripts that need no replica's confirmation with {@link Builder#replicaAcks}: the reads of the view and of the
   * outcome counts, which change nothing a decision relies on (the logs are the server's own, and a note the full read
   * repairs is written again by the next one). Waiting for a replica there only stalled the refresher, and failed
   * while a promoted master had no replica yet.
   */
  private static final java.util.Set<String> UNCONFIRMED = java.util.Set.of(Scripts.CHANGED_VIEW, Scripts.REFRESH,
      Scripts.CHANGES_SINCE, Scripts.LOG_HEAD, Scripts.OUTCOMES_SINCE, Scripts.QUEUE_DEPTHS);

  /** {@link #scriptRaw} with keys and arguments as strings (UTF-8). */
  private Object script(String what, String script, List<String> keys, List<String> args) {
    byte[][] params = new byte[keys.size() + args.size()][];
    for (int i = 0; i < keys.size(); i++) {
      params[i] = utf8(keys.get(i));
    }
    for (int i = 0; i < args.size(); i++) {
      params[keys.size() + i] = utf8(args.get(i));
    }
    return scriptRaw(what, script, keys.size(), params);
  }

  /**
   * A script on the binary interface: {@code keyCount} keys, then arguments, all as bytes (no string copies in the
   * client); the answer as Redis gave it (Long, byte[], List, or null).
   */
  private Object scriptRaw(String what, String script, int keyCount, byte[]... params) {
    if (replicaAcks > 0 && !UNCONFIRMED.contains(script)) {
      return call(what, r -> confirmedScript(r, script, keyCount, params));
    }
    return call(what, r -> {
      byte[] sha = rawShas.computeIfAbsent(script,
          body -> r.scriptLoad(body, prefix).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      try {
        return evalsha(r, sha, keyCount, params);
      } catch (JedisNoScriptException e) {
        byte[] again = r.scriptLoad(script, prefix).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        rawShas.put(script, again);
        return evalsha(r, again, keyCount, params);
      }
    });
  }

  /**
   * {@code EVALSHA} with the arguments handed to the client as they are: Jedis copies every {@code byte[]} argument
   * it is given, but not a {@link redis.clients.jedis.args.Rawable}. Keys go through {@code key(...)}, so that on a
   * cluster the client finds their slot.
   */
  private Object evalsha(UnifiedJedis r, byte[] sha, int keyCount, byte[][] params) {
    return r.executeCommand(new CommandObject<>(evalshaArgs(sha, keyCount, params), BuilderFactory.RAW_OBJECT));
  }

  /**
   * A write script followed by {@code WAIT} on the same connection, sent together (one round trip, plus the time the
   * replicas take to confirm): the answer counts only if {@link #replicaAcks} replicas have the write. On a cluster
   * the connection is the tenant slot's master; a moved slot or a lost master lets the client relearn the cluster
   * before the call fails (the next call, after {@code retryAfter}, goes to the new master).
   */
  private Object confirmedScript(UnifiedJedis r, String script, int keyCount, byte[][] params) {
    for (int attempt = 0; ; attempt++) {
      byte[] sha = rawShas.computeIfAbsent(script,
          body -> r.scriptLoad(body, prefix).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      List<Object> replies;
      try (Connection c = tenantConnection(r)) {
        c.sendCommand(evalshaArgs(sha, keyCount, params));
        c.sendCommand(new CommandArguments(Protocol.Command.WAIT).add(replicaAcks).add(replicaAckMillis));
        replies = c.getMany(2);
        if (replies.get(0) instanceof JedisNoScriptException && attempt + 1 < CLUSTER_ATTEMPTS) {
          // A master new since a failover has none of the scripts yet, and the client's own SCRIPT LOAD may reach
          // another node while it relearns the cluster: load it on this connection's node, then send it again.
          c.sendCommand(new CommandArguments(Protocol.Command.SCRIPT).add("LOAD").add(script));
          Object loaded = c.getOne();
          if (loaded instanceof byte[] again) {
            rawShas.put(script, again);
          } else {
            rawShas.remove(script);
          }
          continue;
        }
      } catch (JedisConnectionException e) {
        relearnCluster(r);
        throw e;
      }
      Object answer = replies.get(0);
      if (answer instanceof JedisNoScriptException) {
        rawShas.remove(script);
        throw new StateUnavailableException("redis script of tenant " + tenant + " still unknown to its master after "
            + CLUSTER_ATTEMPTS + " attempts");
      }
      if (answer instanceof JedisRedirectionException) {
        relearnCluster(r);
        if (attempt + 1 < CLUSTER_ATTEMPTS) {
          continue;
        }
        throw new StateUnavailableException("redis slot of tenant " + tenant + " still moving after "
            + CLUSTER_ATTEMPTS + " attempts");
      }
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      if (!(replies.get(1) instanceof Long confirmed)) {
        throw new StateUnavailableException("redis WAIT failed for tenant " + tenant + ": " + replies.get(1));
      }
      if (confirmed < replicaAcks) {
        // Written on the master, not known to be on a replica: reported as not made; the router queues or journals
        // and writes it again when it can (every write here can be repeated).
        throw new StateUnavailableException("redis write for tenant " + tenant + " confirmed by " + confirmed
            + " of " + replicaAcks + " replica(s) within " + replicaAckMillis + " ms");
      }
      return answer;
    }
  }

  /** A connection to the server, or on a cluster to the master of the tenant's slot. */
  private Connection tenantConnection(UnifiedJedis r) {
    if (r instanceof JedisCluster c) {
      return c.getConnectionFromSlot(JedisClusterCRC16.getSlot(indexKeyBytes));
    }
    return ((JedisPooled) r).getPool().getResource();
  }

  /** On a cluster: one keyed read through the client, which follows redirections and relearns the slots. */
  private void relearnCluster(UnifiedJedis r) {
    if (r instanceof JedisCluster) {
      try {
        r.exists(indexKeyBytes);
      } catch (RuntimeException ignored) {
        // The cluster is still changing; the next call tries again.
      }
    }
  }

  private CommandArguments evalshaArgs(byte[] sha, int keyCount, byte[][] params) {
    boolean cluster = redis instanceof JedisCluster;
    CommandArguments args = cluster ? new ClusterCommandArguments(Protocol.Command.EVALSHA)
        : new CommandArguments(Protocol.Command.EVALSHA);
    args.add(new Bytes(sha)).add(keyCount);
    for (int i = 0; i < params.length; i++) {
      if (i < keyCount) {
        // A cluster computes the slot from byte[] keys only (and copies them); one server takes them as they are.
        args.key(cluster ? params[i] : new Bytes(params[i]));
      } else {
        args.add(new Bytes(params[i]));
      }
    }
    return args;
  }

  /** An argument Jedis sends as it is. */
  private record Bytes(byte[] raw) implements Rawable {
    @Override
    public byte[] getRaw() {
      return raw;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && java.util.Arrays.equals(raw, b.raw);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(raw);
    }
  }

  /** {@code prefix + part + id} as bytes. */
  private byte[] key(String part, byte[] id) {
    byte[] out = new byte[prefixBytes.length + part.length() + id.length];
    System.arraycopy(prefixBytes, 0, out, 0, prefixBytes.length);
    for (int i = 0; i < part.length(); i++) {
      out[prefixBytes.length + i] = (byte) part.charAt(i);
    }
    System.arraycopy(id, 0, out, prefixBytes.length + part.length(), id.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The placement's fields and, when given, the lead's routing facts, packed into one argument. */
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  private static final byte[][] TIER_NAMES = new byte[Tier.values().length][];

  static {
    for (Tier t : Tier.values()) {
      TIER_NAMES[t.ordinal()] = t.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  /**
   * Writes the placement's eight script arguments ({@link Scripts#PLACEMENT}) into {@code params} from
   * {@code from}: rep, queue, tier, at, sla, ovr, cts ('' if unset), the packed routing facts ('' if none).
   */
  private void placementArgs(byte[][] params, int from, Placement p, @Nullable Lead facts) {
    RedisRep holder = p.repId() == null ? null : (RedisRep) rep(p.repId());
    params[from] = holder == null ? EMPTY : holder.idBytes;
    params[from + 1] = p.queue() == null ? EMPTY : utf8(p.queue());
    params[from + 2] = TIER_NAMES[p.tier().ordinal()];
    params[from + 3] = ascii(p.assignedAt().toEpochMilli());
    params[from + 4] = p.slaDeadline() == null ? EMPTY : ascii(p.slaDeadline().toEpochMilli());
    params[from + 5] = p.capacityOverride() ? ONE : ZERO;
    params[from + 6] = p.contactedAt() == null ? EMPTY : ascii(p.contactedAt().toEpochMilli());
    params[from + 7] = facts == null ? EMPTY : packFacts(facts);
  }

  /** The lead's routing facts as one {@link Packed} value: name, value, name, value (set ones only). */
  private static byte[] packFacts(Lead lead) {
    Packed k = PACKED.get().reset();
    facts(lead, k::field);
    return k.toBytes();
  }

  // ---- RoutingStateStore ----

  @Override
  public RepState rep(String repId) {
    Objects.requireNonNull(repId, "repId must not be null");
    RedisRep known = reps.get(repId);
    return known != null ? known : reps.computeIfAbsent(repId, id -> {
      RedisRep fresh = new RedisRep(id);
      unread.add(fresh);
      return fresh;
    });
  }

  @Override
  public @Nullable Placement placeIfAbsent(Placement p) {
    return placeIfAbsent(p, null);
  }

  /** One script: the placement and, when given, the lead's routing facts, written only if the lead is not placed. */
  @Override
  public @Nullable Placement placeIfAbsent(Placement p, @Nullable Lead facts) {
    touch();
    PENDING_TURN.get().clear(); // a turn predicted for a placement that did not come: not taken
    byte[] id = utf8(p.leadId());
    // The keys the lead is noted under ride in the same script (a queued lead's contact and company).
    String contact = takeContact(p);
    String[] noted = contact == null ? new String[0] : contact.split(",");
    int keys = 2 + noted.length;
    // A placement with an SLA history (a lead adopted with one) carries it in three more arguments.
    boolean history = !p.earlierHolders().isEmpty() || p.slaBreaches() > 0 || !firstRouted(p).isEmpty();
    byte[][] params = new byte[keys + (history ? 12 : 9)][];
    params[0] = key("lead:", id);
    params[1] = indexKeyBytes;
    for (int k = 0; k < noted.length; k++) {
      params[2 + k] = utf8(prefix + "contact:" + noted[k]);
    }
    params[keys] = id;
    placementArgs(params, keys + 1, p, facts);
    if (history) {
      params[keys + 9] = utf8(holders(p.earlierHolders()));
      params[keys + 10] = utf8(firstRouted(p));
      params[keys + 11] = p.slaBreaches() == 0 ? EMPTY : ascii(p.slaBreaches());
    }
    List<?> existing = (List<?>) scriptRaw("place", Scripts.PLACE, keys, params);
    return existing.isEmpty() ? null : decode(p.leadId(), existing);
  }

  /** Yes: the unit and the placement are one script (see {@link #placeAndReserve}). */
  @Override
  public boolean reservesWithPlacement() {
    return true;
  }

  /**
   * One script: the lead placed with one unit of its rep, or nothing if it is placed already or the rep is full. A
   * round-robin turn this thread predicted for the same rep ({@link #turnsWithPlacement()}) is taken in the same
   * script, or the answer is {@link PlaceResult#TURN_STALE}.
   */
  @Override
  public PlaceResult placeAndReserve(Placement p, @Nullable Lead facts, int limit) {
    return placeAndReserve(p, facts, limit, NO_PERIODS, NO_CAPS);
  }

  /** As {@link #placeAndReserve(Placement, Lead, int)}, with the rep's daily cap counted in the same script. */
  @Override
  public PlaceResult placeAndReserve(Placement p, @Nullable Lead facts, int limit, long day, int dayCap) {
    return dayCap <= 0 ? placeAndReserve(p, facts, limit, NO_PERIODS, NO_CAPS)
        : placeAndReserve(p, facts, limit, new long[] {day}, new int[] {dayCap});
  }

  private static final long[] NO_PERIODS = new long[0];
  private static final int[] NO_CAPS = new int[0];

  /**
   * As {@link #placeAndReserve(Placement, Lead, int)}, with the rep's caps of several periods (a daily and a weekly
   * cap) each checked and counted in the same script.
   */
  @Override
  public PlaceResult placeAndReserve(Placement p, @Nullable Lead facts, int limit, long[] periods, int[] caps) {
    touch();
    String repId = Objects.requireNonNull(p.repId(), "placement.repId must not be null");
    RedisRep rep = (RedisRep) rep(repId);
    byte[] id = utf8(p.leadId());
    PendingTurn turn = PENDING_TURN.get();
    List<String> turnIds = turn.ids;
    TurnMirror mirror = turn.mirror;
    boolean withTurn = turnIds != null && repId.equals(turnIds.get(turn.index));
    // Releases queued on this node ride along (see releasePlacementAsync): keys after the placement's, ids last.
    List<QueuedRelease> carried = CARRIED.get();
    if (!carried.isEmpty()) {
      // Called again on this thread while the releases an outer call carried complete (a listener routing from a
      // LeadReleased event): that call still owns the list.
      carried = new ArrayList<>();
    }
    if (queuedReleases.get() > 0) {
      takeReleases(carried, RELEASES_CARRIED);
    }
    int n = carried.size();
    int keyCount = (withTurn ? 4 : 3) + 2 * n;
    int a = keyCount;
    int releaseArgs = a + (withTurn ? 14 : 11);
    byte[][] params = new byte[releaseArgs + (n > 0 ? 1 + 2 * n : 0)][];
    params[0] = key("lead:", id);
    params[1] = indexKeyBytes;
    params[2] = rep.openKey;
    params[a] = id;
    String contact = takeContact(p);
    params[a + 1] = terms(limit, periods, caps, contact);
    params[a + 2] = rep.idBytes;
    placementArgs(params, a + 3, p, facts);
    if (n > 0) {
      params[releaseArgs] = openPrefixBytes;
      int k = withTurn ? 4 : 3;
      for (int i = 0; i < n; i++) {
        byte[] released = utf8(carried.get(i).leadId());
        params[k + 2 * i] = key("lead:", released);
        params[k + 2 * i + 1] = key("resv:", released);
        params[releaseArgs + 1 + i] = released;
        params[releaseArgs + 1 + n + i] = closedAtArg(carried.get(i));
      }
    }
    List<?> r;
    try {
      if (withTurn) {
        params[3] = key("rr:", utf8(Objects.requireNonNull(turn.key)));
        params[a + 11] = MsgPack.strings(turnIds);
        params[a + 12] = MsgPack.doubles(Objects.requireNonNull(turn.weights));
        params[a + 13] = ascii(turn.index);
        r = (List<?>) scriptRaw("placeAndReserve", placeReserveTurnScript, keyCount, params);
      } else {
        r = (List<?>) scriptRaw("placeAndReserve", placeAndReserveScript, keyCount, params);
      }
      if (n > 0) {
        completeCarried(carried, (List<?>) r.get(0));
        r = (List<?>) r.get(1);
      }
    } catch (RuntimeException e) {
      for (QueuedRelease q : carried) {
        q.done().completeExceptionally(e);
      }
      throw e;
    } finally {
      turn.clear();
      carried.clear();
    }
    long status = (Long) r.get(0);
    if (withTurn && status != 1) {
      // Nothing was taken: learn Redis's credits, so that the next prediction starts from them.
      Objects.requireNonNull(mirror).learn(turnIds, (List<?>) r.get(status == 3 ? 1 : 2));
    }
    if (status == 2) {
      return PlaceResult.alreadyPlaced(decode(p.leadId(), (List<?>) r.get(1)));
    }
    if (status == 3) {
      return PlaceResult.TURN_STALE;
    }
    rep.open = ((Long) r.get(1)).intValue();
    if (periods.length > 0 && (status == 1 || status == 4)) {
      // Redis counts the periods; this node knows its own placements and the refusals it met.
      int first = status == 4 && withTurn ? 3 : 2;
      for (int i = 0; i < periods.length; i++) {
        rep.noteDay(periods[i], ((Long) r.get(first + i)).intValue());
      }
    }
    return status == 1 ? PlaceResult.PLACED : PlaceResult.FULL;
  }

  @Override
  public @Nullable Placement placement(String leadId) {
    Map<String, String> h = call("placement", r -> r.hgetAll(leadKey(leadId)));
    return h.isEmpty() ? null : decode(leadId, h);
  }

  /** One {@code HGETALL} of the lead's hash: its placement and the facts packed beside it. */
  @Override
  public @Nullable OpenLead openLead(String leadId) {
    Map<String, String> h = call("openLead", r -> r.hgetAll(leadKey(leadId)));
    return h.isEmpty() ? null : new OpenLead(decode(leadId, h), factsOf(leadId, h));
  }

  @Override
  public @Nullable Placement markContacted(String leadId, Instant at) {
    Object r = script("markContacted", Scripts.MARK_CONTACTED, List.of(leadKey(leadId)),
        List.of(Long.toString(at.toEpochMilli())));
    return r == null ? null : decode(leadId, (List<?>) r);
  }

  /** Yes: contact and response time are one script ({@link #recordFirstContact}). */
  @Override
  public boolean contactsInOneStep() {
    return true;
  }

  /** One script: the contact time set and the response time added to the rep's statistics, both or neither. */
  @Override
  public @Nullable Placement recordFirstContact(String leadId, Instant at) {
    touch();
    byte[] id = utf8(leadId);
    Object r = scriptRaw("recordFirstContact", Scripts.FIRST_CONTACT, 1, key("lead:", id), ascii(at.toEpochMilli()),
        respPrefixBytes);
    if (r == null) {
      return null;
    }
    List<?> answer = (List<?>) r;
    if ((Long) answer.get(0) == -2L) {
      throw new IllegalArgumentException("contact time " + at + " is before the assignment at "
          + Instant.ofEpochMilli(number((byte[]) answer.get(1))) + " (lead " + leadId + ")");
    }
    Placement before = placementFrom(leadId, answer);
    RedisRep holder = (RedisRep) rep(Objects.requireNonNull(before.repId()));
    holder.responded(Duration.between(before.assignedAt(), at).toMillis() / 60_000.0);
    return before;
  }

  @Override
  public boolean replacePlacement(Placement expected, Placement next) {
    touch();
    if (!expected.leadId().equals(next.leadId())) {
      throw new IllegalArgumentException("replacePlacement must keep the lead id but had " + expected.leadId()
          + " and " + next.leadId());
    }
    List<String> exp = encode(expected);
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(exp.size() / 2));
    args.addAll(exp);
    args.addAll(encode(next));
    // A move to a new holder is written only while that holder holds the lead's unit (Scripts.REPLACE).
    List<String> keys = next.repId() != null && !next.repId().equals(expected.repId())
        ? List.of(leadKey(next.leadId()), openKey(next.repId())) : List.of(leadKey(next.leadId()));
    Object r = script("replacePlacement", Scripts.REPLACE, keys, args);
    return ((Long) r) == 1L;
  }

  /**
   * One script ({@link Scripts#MOVE}): the placement swapped, the old holder's unit given back and the facts saved,
   * all or nothing; this node's view of the old holder follows at once.
   */
  @Override
  public boolean movePlacement(Placement expected, Placement next, @Nullable Lead facts) {
    touch();
    String id = expected.leadId();
    if (!id.equals(next.leadId()) || facts != null && !id.equals(facts.id())) {
      throw new IllegalArgumentException("movePlacement must keep the lead id but had " + id + ", " + next.leadId()
          + (facts == null ? "" : " and facts of " + facts.id()));
    }
    String old = expected.repId() != null && !expected.repId().equals(next.repId()) ? expected.repId() : null;
    String to = next.repId() != null && !next.repId().equals(expected.repId()) ? next.repId() : null;
    List<String> exp = encode(expected);
    List<String> nxt = encode(next);
    int keys = 2 + (old == null ? 0 : 1) + (to == null ? 0 : 1);
    byte[][] params = new byte[keys + 4 + exp.size() + nxt.size()][];
    int i = 0;
    params[i++] = utf8(leadKey(id));
    params[i++] = utf8(reservationKey(id));
    if (old != null) {
      params[i++] = utf8(openKey(old));
    }
    if (to != null) {
      params[i++] = utf8(openKey(to));
    }
    params[i++] = old == null ? new byte[0] : utf8(old);
    params[i++] = to == null ? new byte[0] : utf8(to);
    params[i++] = facts == null ? new byte[0] : packFacts(facts);
    params[i++] = ascii(exp.size() / 2);
    for (String s : exp) {
      params[i++] = utf8(s);
    }
    for (String s : nxt) {
      params[i++] = utf8(s);
    }
    List<?> r = (List<?>) scriptRaw("movePlacement", Scripts.MOVE, keys, params);
    if (((Long) r.get(0)) != 1L) {
      return false;
    }
    if (old != null) {
      ((RedisRep) rep(old)).open = ((Long) r.get(1)).intValue();
    }
    return true;
  }

  @Override
  public @Nullable Placement removePlacement(String leadId) {
    Object r = script("removePlacement", Scripts.REMOVE, List.of(leadKey(leadId), indexKey()), List.of(leadId));
    return r == null ? null : decode(leadId, (List<?>) r);
  }

  /** One script: the placement removed and the holder's unit given back, both or neither. */
  @Override
  public @Nullable Placement releasePlacement(String leadId) {
    return releasePlacement(leadId, -1);
  }

  /**
   * One script, as {@link #releasePlacement(String)}; a lead kept after its release ({@link #keepReleasedLeads}) keeps
   * its closing time, from which a contact's closed lead counts as recent.
   */
  @Override
  public @Nullable Placement releasePlacement(String leadId, Instant closedAt) {
    return releasePlacement(leadId, closedAt.toEpochMilli());
  }

  private @Nullable Placement releasePlacement(String leadId, long closedAtMillis) {
    touch();
    byte[] id = utf8(leadId);
    Object r = closedAtMillis < 0 || keepMillis <= 0
        ? scriptRaw("releasePlacement", releasePlacementScript, 3, key("lead:", id), indexKeyBytes,
            key("resv:", id), id, openPrefixBytes)
        : scriptRaw("releasePlacement", releasePlacementScript, 3, key("lead:", id), indexKeyBytes,
            key("resv:", id), id, openPrefixBytes, ascii(closedAtMillis));
    return r == null ? null : placementFrom(leadId, (List<?>) r);
  }

  /**
   * Queues the release: the next placement script this node sends carries it (and every release queued meanwhile,
   * up to {@value #RELEASES_CARRIED}), so that under load a release costs no round trip of its own; one that has
   * waited {@code releaseDelay} (default 2 ms) without a placement to ride is sent by the store's flusher thread, with
   * the others waiting ({@link Scripts#RELEASE_MANY}). The future completes, on the thread that sent the release, with
   * the placement removed (null if the lead was not open), or with {@link StateUnavailableException} if Redis failed
   * (nothing changed). With {@value #RELEASE_QUEUE} releases waiting, or while the store closes, the release is made
   * at once on the caller's thread instead. {@link #close()} sends every queued release before it closes.
   */
  @Override
  public java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId) {
    return releasePlacementAsync(leadId, -1);
  }

  /** {@link #releasePlacementAsync(String)}, keeping the closing time as {@link #releasePlacement(String, Instant)}. */
  @Override
  public java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId,
      Instant closedAt) {
    return releasePlacementAsync(leadId, closedAt.toEpochMilli());
  }

  private java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId,
      long closedAtMillis) {
    touch();
    Objects.requireNonNull(leadId, "leadId must not be null");
    java.util.concurrent.CompletableFuture<@Nullable Placement> done = new java.util.concurrent.CompletableFuture<>();
    boolean queued = false;
    if (!closing) {
      if (queuedReleases.incrementAndGet() <= RELEASE_QUEUE) {
        releases.add(new QueuedRelease(leadId, done, System.nanoTime(), closedAtMillis));
        queued = true;
      } else {
        queuedReleases.decrementAndGet();
      }
    }
    if (!queued) {
      try {
        done.complete(releasePlacement(leadId, closedAtMillis));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
      return done;
    }
    if (closing) {
      sendQueued(); // closed just now: close() may be past its last send
    } else {
      Thread f = flusher;
      if (f == null) {
        wakeFlusher();
      } else if (flusherIdle.get() && flusherIdle.compareAndSet(true, false)) {
        java.util.concurrent.locks.LockSupport.unpark(f);
      }
    }
    return done;
  }

  /** How many releases may wait to be sent. */
  static final int RELEASE_QUEUE = 4096;
  /** The most releases one placement script carries. */
  static final int RELEASES_CARRIED = 32;
  /** How long the flusher thread waits for releases before it ends (the next release starts another). */
  private static final long FLUSHER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The most releases the flusher sends in one script. */
  private static final int RELEASE_BATCH = 128;
  /** The releases a placement script of this thread carries. */
  private static final ThreadLocal<List<QueuedRelease>> CARRIED = ThreadLocal.withInitial(ArrayList::new);

  /**
   * A release waiting to be sent, since {@code queuedAt} ({@link System#nanoTime()}); the lead closed at
   * {@code closedAtMillis} (-1: not said).
   */
  private record QueuedRelease(String leadId, java.util.concurrent.CompletableFuture<@Nullable Placement> done,
      long queuedAt, long closedAtMillis) {}

  /** No closing time, as a script's argument. */
  private static final byte[] NO_TIME = new byte[0];

  /** A queued release's closing time as a script's argument: '' when not said, or when no released lead is kept. */
  private byte[] closedAtArg(QueuedRelease q) {
    return q.closedAtMillis() < 0 || keepMillis <= 0 ? NO_TIME : ascii(q.closedAtMillis());
  }

  /** Takes up to {@code max} queued releases, oldest first, into {@code into}. */
  private void takeReleases(List<QueuedRelease> into, int max) {
    int n = 0;
    QueuedRelease q;
    while (n < max && (q = releases.poll()) != null) {
      into.add(q);
      n++;
    }
    if (n > 0) {
      queuedReleases.addAndGet(-n);
    }
  }

  /** Starts the flusher, or wakes the one there is. */
  private synchronized void wakeFlusher() {
    Thread f = flusher;
    if (f != null) {
      java.util.concurrent.locks.LockSupport.unpark(f);
      return;
    }
    if (!closing) {
      Thread t = new Thread(this::flushReleases, "smartrouting-redis-release-" + tenant);
      t.setDaemon(true);
      flusher = t;
      t.start();
    }
  }

  /**
   * The flusher thread: sends the releases that waited {@code releaseDelay} without a placement script to carry them;
   * idle (parked) while none wait; sends everything and ends when the store closes.
   */
  private void flushReleases() {
    long idleSince = 0;
    while (true) {
      QueuedRelease head = releases.peek();
      if (head == null) {
        if (closing) {
          return;
        }
        flusherIdle.set(true);
        if (idleSince == 0) {
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > FLUSHER_IDLE_NANOS) {
          // Idle for a while: the thread ends (one per store would otherwise wait forever, a thread per idle tenant),
          // and the next release starts another. A release queued as it ends, which may have found it still there,
          // is seen by the look after it is gone.
          boolean ended = false;
          synchronized (this) {
            if (releases.isEmpty()) {
              flusher = null;
              flusherIdle.set(false);
              ended = true;
            }
          }
          if (ended) {
            if (!releases.isEmpty()) {
              wakeFlusher();
            }
            return;
          }
        }
        if (releases.isEmpty() && !closing) {
          java.util.concurrent.locks.LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
        }
        flusherIdle.set(false);
        continue;
      }
      idleSince = 0;
      long wait = head.queuedAt() + releaseDelayNanos - System.nanoTime();
      if (wait > 0 && !closing) {
        java.util.concurrent.locks.LockSupport.parkNanos(this, wait);
        continue;
      }
      sendQueued();
    }
  }

  /** Sends every queued release, in scripts of up to {@value #RELEASE_BATCH}. */
  private void sendQueued() {
    List<QueuedRelease> batch = new ArrayList<>();
    while (true) {
      takeReleases(batch, RELEASE_BATCH);
      if (batch.isEmpty()) {
        return;
      }
      sendReleases(batch);
      batch.clear();
    }
  }

  /** Completes the releases a script carried with its answers ({@code answers}: one per release, 0 if not open). */
  private void completeCarried(List<QueuedRelease> carried, List<?> answers) {
    for (int i = 0; i < carried.size(); i++) {
      QueuedRelease q = carried.get(i);
      Object answer = answers.get(i);
      try {
        q.done().complete(answer instanceof List<?> l ? placementFrom(q.leadId(), l) : null);
      } catch (RuntimeException e) {
        // A completion stage of the caller failed; the release itself is made. Complete the others.
        LOG.warn("tenant {}: a release's completion failed: {}", tenant, e.toString());
      }
    }
  }

  private void sendReleases(List<QueuedRelease> batch) {
    int n = batch.size();
    byte[][] params = new byte[2 + 4 * n][];
    params[0] = indexKeyBytes;
    params[1 + 2 * n] = openPrefixBytes;
    for (int i = 0; i < n; i++) {
      byte[] id = utf8(batch.get(i).leadId());
      params[1 + 2 * i] = key("lead:", id);
      params[2 + 2 * i] = key("resv:", id);
      params[2 + 2 * n + i] = id;
      params[2 + 3 * n + i] = closedAtArg(batch.get(i));
    }
    List<?> answers;
    try {
      answers = (List<?>) scriptRaw("releaseMany", releaseManyScript, 1 + 2 * n, params);
    } catch (RuntimeException e) {
      for (QueuedRelease q : batch) {
        q.done().completeExceptionally(e);
      }
      return;
    }
    completeCarried(batch, answers);
  }

  /**
   * The placement a release (or first-contact) answer names; updates this node's view of the holder's open leads. A
   * first-contact answer carries the lead's first routing and missed deadlines too (a ninth and a tenth element).
   */
  private Placement placementFrom(String leadId, List<?> answer) {
    // Decoded from the reply's bytes: numbers, tier and flag without an intermediate string each.
    Instant at = Instant.ofEpochMilli(number((byte[]) answer.get(4)));
    Instant first = answer.size() > 8 ? instantOrNull((byte[]) answer.get(8)) : null;
    Placement p = new Placement(leadId, textOrNull(answer.get(1)), textOrNull(answer.get(2)),
        tier((byte[]) answer.get(3)), at, instantOrNull((byte[]) answer.get(5)), ((byte[]) answer.get(6)).length == 1
        && ((byte[]) answer.get(6))[0] == '1', instantOrNull((byte[]) answer.get(7)), null, List.of(),
        first != null ? first : at,
        answer.size() > 9 && ((byte[]) answer.get(9)).length > 0 ? (int) number((byte[]) answer.get(9)) : 0);
    long open = (Long) answer.get(0);
    RedisRep holder = p.repId() == null ? null : reps.get(p.repId());
    if (holder != null && open >= 0) {
      holder.open = (int) open;
    }
    return p;
  }

  @Override
  public Collection<Placement> placements() {
    // Page by page (SSCAN, then the page's hashes in one pipeline): SMEMBERS of the whole index held Redis for every
    // other node's decisions, and at 400,000 open leads outlasted the socket timeout, so a takeover could not load
    // the leads whose timers it must run.
    List<Placement> out = new ArrayList<>();
    eachHash("placements", indexKey(), (id, hash) -> {
      if (!hash.isEmpty()) {
        out.add(decode(id, hash));
      }
    });
    return out;
  }

  /**
   * The placements of the leads whose units the reps hold: each rep's set of units (pipelined, a page of reps a round
   * trip), then those leads' hashes ({@link #placementsOf}); a lead whose placement names a rep not asked for (a move
   * in flight) is left out. Costs the reps' open leads, not every open lead: offboarding one rep among 100,000 open
   * leads read them all before.
   */
  @Override
  public Collection<Placement> placementsHeldBy(Collection<String> repIds) {
    Objects.requireNonNull(repIds, "repIds must not be null");
    java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
    for (String id : repIds) {
      wanted.add(Objects.requireNonNull(id, "repIds must not hold a null id"));
    }
    List<String> reps = new ArrayList<>(wanted);
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    for (int from = 0; from < reps.size(); from += SCAN_PAGE) {
      List<String> page = reps.subList(from, Math.min(reps.size(), from + SCAN_PAGE));
      ids.addAll(call("placementsHeldBy", r -> {
        List<Response<java.util.Set<String>>> units = new ArrayList<>(page.size());
        try (PipelineBase p = r.pipelined()) {
          for (String rep : page) {
            units.add(p.smembers(openKey(rep)));
          }
          p.sync();
        }
        List<String> held = new ArrayList<>();
        for (Response<java.util.Set<String>> u : units) {
          held.addAll(u.get());
        }
        return held;
      }));
    }
    List<Placement> out = new ArrayList<>();
    for (Placement p : placementsOf(ids).values()) {
      if (p.repId() != null && wanted.contains(p.repId())) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Hands {@code each} every id of the set at {@code setKey} with its lead hash (empty for a lead gone), a page at a
   * time: {@code SSCAN}, then the page's hashes in one pipeline; an id {@code SSCAN} returns twice is handed once.
   */
  private void eachHash(String what, String setKey, java.util.function.BiConsumer<String, Map<String, String>> each) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    scan(what, (r, from) -> r.sscan(setKey, from, new ScanParams().count(SCAN_PAGE)), ids -> {
      List<String> fresh = new ArrayList<>(ids.size());
      for (String id : ids) {
        if (seen.add(id)) {
          fresh.add(id);
        }
      }
      if (!fresh.isEmpty()) {
        List<Map<String, String>> hashes = hashesOf(what, fresh);
        for (int i = 0; i < fresh.size(); i++) {
          each.accept(fresh.get(i), hashes.get(i));
        }
      }
    });
  }

  /**
   * The placements waiting in a queue, in claim order, read from the tenant's claim order of queued leads
   * ({@link Scripts#TIMED}) with their hashes a page at a time: what is queued, not what is open. An entry whose lead
   * left that queue meanwhile is skipped and taken out.
   */
  @Override
  public Collection<Placement> queuedPlacements() {
    List<String> entries = claimEntries();
    List<String> ids = new ArrayList<>(entries.size());
    for (String e : entries) {
      ids.add(idOfEntry(e));
    }
    Map<String, Placement> placed = placementsOf(ids);
    List<Placement> out = new ArrayList<>(placed.size());
    List<String> left = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Placement p = placed.get(ids.get(i));
      if (p != null && p.queue() != null && entries.get(i).equals(entry(p.leadId(), p.queue()))) {
        out.add(p);
      } else {
        left.add(entries.get(i));
      }
    }
    pruneQueued(left);
    return out;
  }

  /**
   * The ids of the tenant's leads queued in {@code queue} (any when null) in claim order, highest tier first, then the
   * oldest placement, then by id: one {@code ZRANGE} of its claim order ({@link Scripts#TIMED}), whose entries name
   * each lead's queue, so a claim walks only that queue's leads, reading them a page at a time as it goes. The first
   * call on a tenant whose claim order was never filled (its leads queued by nodes of a version without it) fills it
   * from the placements, once for every node. An id may name a lead that left its queue since (a node of an older
   * version moved it): readers skip it.
   */
  @Override
  public List<String> queuedLeadIds(@Nullable String queue) {
    List<String> out = new ArrayList<>();
    for (String e : claimEntries()) {
      if (queue == null || queue.equals(queueOfEntry(e))) {
        out.add(idOfEntry(e));
      }
    }
    return out;
  }

  /**
   * The head of the claim order: its first {@code limit} entries in one {@code ZRANGE}, where a claim served by the
   * head of a long queue read every entry (about 30 bytes a waiting lead) until 6 December, noon. For one queue, the
   * head of that queue's own sorted set, in the same order ({@link Scripts#QUEUE_HEAD}), made anew from the claim order
   * first when the queues' sets do not add up to it.
   */
  @Override
  public List<String> queuedLeadIds(@Nullable String queue, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("queuedLeadIds: limit must be at least 1 but was " + limit);
    }
    indexQueuedOnce();
    long last = limit >= Integer.MAX_VALUE / 2 ? -1 : limit - 1;
    if (queue != null) {
      List<String> keys = List.of(queuedKey(), prefix + "queues", prefix + "wait:" + queue);
      Object r = script("queuedLeadIds", Scripts.QUEUE_HEAD, keys, List.of(Long.toString(last)));
      if (r == null) {
        // The queues' sets disagree with the claim order (see queueDepths): made anew, then read again.
        script("queuedLeadIds", Scripts.REBUILD_WAITS, keys.subList(0, 2), List.of());
        waitsRebuilt.increment();
        r = script("queuedLeadIds", Scripts.QUEUE_HEAD, keys, List.of(Long.toString(last)));
      }
      if (r instanceof List<?> ids) {
        claimEntriesRead.add(ids.size());
        List<String> out = new ArrayList<>(ids.size());
        for (Object id : ids) {
          out.add(text(id));
        }
        return out;
      }
    }
    List<String> head = call("queuedLeadIds", r -> r.zrange(queuedKey(), 0, last));
    claimEntriesRead.add(head.size());
    List<String> out = new ArrayList<>(Math.min(head.size(), limit));
    for (String e : head) {
      if (queue == null || queue.equals(queueOfEntry(e))) {
        out.add(idOfEntry(e));
      }
    }
    if (out.size() < limit && head.size() == limit) {
      List<String> all = queuedLeadIds(queue); // other queues' leads filled the head
      return all.size() <= limit ? all : new ArrayList<>(all.subList(0, limit));
    }
    return out;
  }

  /**
   * Per queue, its waiting leads and the oldest one's queuing time: what {@code Router.metrics()} reads every second.
   * One script reads each queue's own sorted set of waiting leads ({@link Scripts#QUEUE_DEPTHS}: its size and its
   * first), so it costs the number of queues, not of waiting leads (until 6 December, noon, it read every entry of the
   * claim order, about 30 bytes a waiting lead, every second on every node). When the sets' sizes do not add up to
   * the claim order's (a tenant written before them; a node of an older version moving leads), they are made anew from
   * the claim order first. An entry a node of an older version left behind counts until a reader of the placements
   * takes it out.
   */
  @Override
  public Map<String, io.smartrouting.core.state.QueueDepth> queueDepths() {
    indexQueuedOnce();
    List<String> keys = List.of(queuedKey(), prefix + "queues");
    List<?> r = (List<?>) script("queueDepths", Scripts.QUEUE_DEPTHS, keys, List.of());
    if (!r.get(0).equals(r.get(1))) {
      // The queues' own sets disagree with the claim order: a tenant written before them, or a node of an older
      // version moving leads. Made anew from the claim order, once, and read again.
      script("queueDepths", Scripts.REBUILD_WAITS, keys, List.of());
      waitsRebuilt.increment();
      r = (List<?>) script("queueDepths", Scripts.QUEUE_DEPTHS, keys, List.of());
    }
    Map<String, io.smartrouting.core.state.QueueDepth> out = new java.util.TreeMap<>();
    for (int i = 2; i + 2 < r.size(); i += 3) { // per queue: its name, its depth, its oldest queuing time
      long oldest = (long) Double.parseDouble(text(r.get(i + 2)));
      out.put(text(r.get(i)), new io.smartrouting.core.state.QueueDepth(((Long) r.get(i + 1)).intValue(),
          Instant.ofEpochMilli(oldest)));
    }
    return out;
  }

  /** How many times {@link #queueDepths} made the queues' sets anew (for tests: never on a tenant of this version). */
  final java.util.concurrent.atomic.LongAdder waitsRebuilt = new java.util.concurrent.atomic.LongAdder();

  /** The claim order's entries, in order ({@link Scripts#TIMED}: lead id, a zero byte, queue). */
  private List<String> claimEntries() {
    indexQueuedOnce();
    List<String> all = call("queuedLeadIds", r -> r.zrange(queuedKey(), 0, -1));
    claimEntriesRead.add(all.size());
    return all;
  }

  /** Entries of the claim order read (for tests: what a claim reads of a long queue). */
  final java.util.concurrent.atomic.LongAdder claimEntriesRead = new java.util.concurrent.atomic.LongAdder();

  /** A lead's entry in the claim order: as {@code claimEntry} in {@link Scripts#TIMED} makes it. */
  private static String entry(String leadId, String queue) {
    return leadId + '\0' + queue;
  }

  private static String idOfEntry(String entry) {
    int cut = entry.lastIndexOf('\0');
    return cut < 0 ? entry : entry.substring(0, cut);
  }

  private static String queueOfEntry(String entry) {
    int cut = entry.lastIndexOf('\0');
    return cut < 0 ? "" : entry.substring(cut + 1);
  }

  /** Takes the claim order's {@code entries} out, read as stale, unless their lead is queued there again meanwhile. */
  private void pruneQueued(Collection<String> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(entries.size());
    for (String e : entries) {
      ids.add(idOfEntry(e));
    }
    script("pruneQueued", Scripts.PRUNE_QUEUED, claimsAndLeadKeys(ids), new ArrayList<>(entries));
  }

  /** The keys of a script over the claim order and leads {@code leadIds} ({@link Scripts#FILL_CLAIMS}, pruning). */
  private List<String> claimsAndLeadKeys(List<String> leadIds) {
    List<String> keys = new ArrayList<>(leadIds.size() + 1);
    keys.add(queuedKey());
    for (String id : leadIds) {
      keys.add(leadKey(id));
    }
    return keys;
  }

  private String queuedKey() {
    return prefix + "claims";
  }

  /** True once this node knows the tenant's claim order of queued leads is filled ({@link #indexQueuedOnce}). */
  private volatile boolean queuedIndexed;

  /**
   * Fills the tenant's claim order of queued leads from its placements, unless a node did before (the key
   * {@code claimsidx} says so): placements written since it exists enter it themselves. The unordered set of queued
   * leads that versions of 6 December kept ({@code queued}) is deleted then.
   */
  private void indexQueuedOnce() {
    if (queuedIndexed) {
      return;
    }
    String marker = prefix + "claimsidx";
    if (!call("queuedIndex", r -> r.exists(marker))) {
      List<String> queued = new ArrayList<>();
      for (Placement p : placements()) {
        if (p.queue() != null) {
          queued.add(p.leadId());
        }
      }
      // Entered by a script that reads each lead's hash again: one that left its queue since the read above (a claim
      // or a drain meanwhile) gets no entry, which writing the entries from that read gave it.
      for (int from = 0; from < queued.size(); from += SCAN_PAGE) {
        List<String> page = queued.subList(from, Math.min(queued.size(), from + SCAN_PAGE));
        script("queuedIndex", Scripts.FILL_CLAIMS, claimsAndLeadKeys(page), new ArrayList<>(page));
      }
      call("queuedIndex", r -> r.del(prefix + "queued"));
      call("queuedIndex", r -> r.set(marker, "1"));
      LOG.info("tenant {}: indexed {} queued lead(s) for claims", tenant, queued.size());
    }
    queuedIndexed = true;
  }

  /** The last write into the index of timed placements ({@link Scripts#TIMED}); 0 before the first. */
  @Override
  public long timedCursor() {
    String seq = call("timedCursor", r -> r.get(prefix + "timedseq"));
    return seq == null ? 0 : Long.parseLong(seq);
  }

  /**
   * The placements with a deadline or in a queue written after {@code cursor}: one {@code ZRANGEBYSCORE} of the index
   * (at most {@link #SCAN_PAGE} ids) and their hashes in one pipeline.
   */
  @Override
  public io.smartrouting.core.state.TimedPlacements timedPlacementsSince(long cursor) {
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must not be negative but was " + cursor);
    }
    List<redis.clients.jedis.resps.Tuple> page = call("timedPlacements",
        r -> r.zrangeByScoreWithScores(prefix + "timed", "(" + cursor, "+inf", 0, SCAN_PAGE));
    if (page.isEmpty()) {
      return new io.smartrouting.core.state.TimedPlacements(List.of(), cursor, false);
    }
    List<String> ids = new ArrayList<>(page.size());
    long last = cursor;
    for (redis.clients.jedis.resps.Tuple t : page) {
      ids.add(t.getElement());
      last = Math.max(last, (long) t.getScore());
    }
    List<Placement> out = new ArrayList<>(ids.size());
    List<Map<String, String>> hashes = hashesOf("timedPlacements", ids);
    List<String> gone = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!hashes.get(i).isEmpty()) {
        out.add(decode(ids.get(i), hashes.get(i)));
      } else {
        gone.add(ids.get(i));
      }
    }
    if (!gone.isEmpty()) {
      // Released without leaving the index (by a node of an older version, during a rolling upgrade).
      List<String> keys = new ArrayList<>(gone.size() + 1);
      keys.add(prefix + "timed");
      for (String id : gone) {
        keys.add(leadKey(id));
      }
      script("pruneTimed", Scripts.PRUNE_TIMED, keys, gone);
    }
    return new io.smartrouting.core.state.TimedPlacements(out, last, page.size() == SCAN_PAGE);
  }

  /** The lead hashes of {@code ids}, in order (empty for a lead not open), in one pipeline. */
  private List<Map<String, String>> hashesOf(String what, List<String> ids) {
    leadHashesRead.add(ids.size());
    return call(what, r -> {
      List<Response<Map<String, String>>> responses = new ArrayList<>(ids.size());
      try (PipelineBase p = r.pipelined()) {
        for (String id : ids) {
          responses.add(p.hgetAll(leadKey(id)));
        }
        p.sync();
      }
      List<Map<String, String>> got = new ArrayList<>(ids.size());
      for (Response<Map<String, String>> response : responses) {
        got.add(response.get());
      }
      return got;
    });
  }

  /** Every page of a {@code SCAN}-family command, one call each, handed to {@code sink} in turn. */
  private <T> void scan(String what, java.util.function.BiFunction<UnifiedJedis, String, ScanResult<T>> page,
      java.util.function.Consumer<List<T>> sink) {
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      String from = cursor;
      ScanResult<T> part = call(what, r -> page.apply(r, from));
      sink.accept(part.getResult());
      cursor = part.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
  }

  /** Entries read per page by {@link #placements()} and {@link #outcomeCounts()}. */
  static final int SCAN_PAGE = 1000;

  @Override
  public void saveLead(Lead lead) {
    byte[] id = utf8(lead.id());
    scriptRaw("saveLead", Scripts.SAVE_FACTS, 1, key("lead:", id), FACTS_FIELD, packFacts(lead));
  }

  private static final byte[] FACTS_FIELD = {'f', 'a', 'c', 't', 's'};

  /** Receives a lead's routing facts as hash field and value. */
  private interface FactSink {
    void put(String field, String value);
  }

  /**
   * The lead's routing facts (never contact details) as field/value pairs ({@code f.<name>}), set ones only, and its
   * custom attributes ({@code a.<key>}).
   */
  private static void facts(Lead lead, FactSink sink) {
    put(sink, "f.country", lead.country());
    put(sink, "f.region", lead.region());
    put(sink, "f.postalCode", lead.postalCode());
    put(sink, "f.industry", lead.industry());
    if (lead.employees().isPresent()) {
      sink.put("f.employees", Integer.toString(lead.employees().getAsInt()));
    }
    if (lead.annualRecurringRevenue().isPresent()) {
      sink.put("f.arr", Long.toString(lead.annualRecurringRevenue().getAsLong()));
    }
    put(sink, "f.language", lead.language());
    put(sink, "f.timeZone", lead.timeZone() == null ? null : lead.timeZone().getId());
    sink.put("f.source", lead.source().name());
    put(sink, "f.title", lead.title());
    if (lead.icpScore().isPresent()) {
      sink.put("f.icpScore", Integer.toString(lead.icpScore().getAsInt()));
    }
    put(sink, "f.accountId", lead.accountId());
    sink.put("f.salesQualified", lead.salesQualified() ? "true" : "false");
    put(sink, "f.companyName", lead.companyName());
    put(sink, "f.website", lead.website());
    // The custom attributes too, so that a step's condition on an attribute and a strategy reading one decide alike
    // on whichever node moves the lead (each a pair of its own: any text is safe in the packed value).
    for (Map.Entry<String, String> a : lead.attributes().entrySet()) {
      sink.put(ATTRIBUTE + a.getKey(), a.getValue());
    }
  }

  /** The prefix of a custom attribute's name among a lead's packed facts. */
  private static final String ATTRIBUTE = "a.";

  private static void put(FactSink sink, String field, @Nullable String value) {
    if (value != null) {
      sink.put(field, value);
    }
  }


  @Override
  public @Nullable Lead savedLead(String leadId) {
    Map<String, String> h = call("savedLead", r -> r.hgetAll(leadKey(leadId)));
    return h.isEmpty() ? null : factsOf(leadId, h);
  }

  /**
   * The leads' hashes in one pipeline a page ({@link #hashesOf}, {@link #SCAN_PAGE} leads each), their facts read as
   * {@link #savedLead} reads one.
   */
  @Override
  public Map<String, Lead> savedLeads(Collection<String> leadIds) {
    return readLeads("savedLeads", leadIds, this::factsOf);
  }

  /** One pipelined read of the leads' hashes a page of {@value #SCAN_PAGE}. */
  @Override
  public Map<String, Placement> placementsOf(Collection<String> leadIds) {
    return readLeads("placementsOf", leadIds, RedisStateStore::decode);
  }

  /**
   * The hashes of leads {@code leadIds}, read a page of {@value #SCAN_PAGE} in one round trip, each open one turned
   * into a value by {@code of} (id, hash), by lead id; a lead that is not open, or whose value is null, is left out.
   */
  private <T> Map<String, T> readLeads(String what, Collection<String> leadIds,
      java.util.function.BiFunction<String, Map<String, String>, @Nullable T> of) {
    List<String> all = new ArrayList<>(leadIds);
    Map<String, T> out = new java.util.HashMap<>();
    for (int from = 0; from < all.size(); from += SCAN_PAGE) {
      List<String> ids = all.subList(from, Math.min(all.size(), from + SCAN_PAGE));
      List<Map<String, String>> hashes = hashesOf(what, ids);
      for (int i = 0; i < ids.size(); i++) {
        T value = hashes.get(i).isEmpty() ? null : of.apply(ids.get(i), hashes.get(i));
        if (value != null) {
          out.put(ids.get(i), value);
        }
      }
    }
    return out;
  }

  /**
   * Keeps released leads for at least {@code window} unless {@link Builder#keepReleasedLeads} set the time (a learning
   * router asks for its attribution window when it is built).
   */
  @Override
  public synchronized void keepReleasedLeads(Duration window) {
    Objects.requireNonNull(window, "window must not be null");
    if (!keepSet && window.toMillis() > keepMillis) {
      keepReleasedFor(window);
    }
  }

  /**
   * How long released leads are kept now: zero when they are deleted at release.
   *
   * @return the keeping time, or zero
   */
  public Duration releasedLeadsKept() {
    return Duration.ofMillis(keepMillis);
  }

  private synchronized void keepReleasedFor(Duration keep) {
    long ms = keep.toMillis();
    keepMillis = ms;
    releasePlacementScript = Scripts.keeping(Scripts.RELEASE_PLACEMENT, ms);
    releaseManyScript = Scripts.keeping(Scripts.RELEASE_MANY, ms);
    placeAndReserveScript = Scripts.keeping(Scripts.PLACE_AND_RESERVE, ms);
    placeReserveTurnScript = Scripts.keeping(Scripts.PLACE_RESERVE_TURN, ms);
  }

  /**
   * A lead a rep held, released within {@link Builder#keepReleasedLeads} (kept by the release script with its
   * placement and routing facts), or null.
   */
  @Override
  public io.smartrouting.core.state.@Nullable ReleasedLead releasedLead(String leadId) {
    Map<String, String> h = call("releasedLead", r -> r.hgetAll(prefix + "released:" + leadId));
    return h.isEmpty() ? null : new io.smartrouting.core.state.ReleasedLead(decode(leadId, h), factsOf(leadId, h));
  }

  /**
   * One script ({@link Scripts#ERASE_LEAD}): the released lead's kept hash (placement and routing facts) deleted, and
   * the lead taken off the contact and company keys that hash names, so that no later lead finds it. A lead released
   * without being kept left no hash; its id stays on its contact keys until a read drops it (no rep is found for it:
   * its hash is gone) or the keys expire (30 days after their latest lead).
   */
  @Override
  public boolean eraseLead(String leadId) {
    Objects.requireNonNull(leadId, "leadId");
    Object r = script("eraseLead", Scripts.ERASE_LEAD, List.of(leadKey(leadId), prefix + "released:" + leadId),
        List.of(leadId));
    long answer = r instanceof Long n ? n : 0;
    if (answer < 0) {
      throw new IllegalStateException("eraseLead: lead " + leadId + " is open; release it first");
    }
    return answer > 0;
  }

  /**
   * The routing facts in a lead hash {@code stored} (packed, or one field per fact as written before); null if none
   * were saved with the placement.
   */
  private @Nullable Lead factsOf(String leadId, Map<String, String> stored) {
    if (!stored.containsKey("facts") && stored.keySet().stream().noneMatch(k -> k.startsWith("f."))) {
      return null;
    }
    Map<String, String> h = new HashMap<>(stored);
    String packed = h.get("facts");
    if (packed != null) {
      // One packed field; hashes written before it have one field per fact, read the same way.
      List<String> pairs = Packed.split(packed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        h.put(pairs.get(i), pairs.get(i + 1));
      }
    }
    Lead.Builder b = Lead.builder(leadId);
    for (Map.Entry<String, String> e : h.entrySet()) {
      if (e.getKey().startsWith(ATTRIBUTE)) {
        b.attribute(e.getKey().substring(ATTRIBUTE.length()), e.getValue());
      }
    }
    for (String f : FACT_FIELDS) {
      String v = h.get("f." + f);
      if (v == null) {
        continue;
      }
      switch (f) {
        case "country" -> storedCode(leadId, f, v, b::country);
        case "region" -> b.region(v);
        case "postalCode" -> b.postalCode(v);
        case "industry" -> b.industry(v);
        case "employees" -> b.employees(Integer.parseInt(v));
        case "arr" -> b.annualRecurringRevenue(Long.parseLong(v));
        case "language" -> storedCode(leadId, f, v, b::language);
        case "timeZone" -> b.timeZone(ZoneId.of(v));
        case "source" -> b.source(LeadSource.valueOf(v));
        case "title" -> b.title(v);
        case "icpScore" -> b.icpScore(Integer.parseInt(v));
        case "accountId" -> b.accountId(v);
        case "salesQualified" -> b.salesQualified(Boolean.parseBoolean(v));
        case "companyName" -> b.companyName(v);
        case "website" -> b.website(v);
        default -> throw new AssertionError(f);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // A region saved by a version that took any text ('CALIFORNIA'): it matched no territory then either.
      LOG.debug("tenant {}: lead {}'s saved region is not a subdivision code and is dropped: {}", tenant, leadId,
          e.getMessage());
      return b.region(null).build();
    }
  }

  /**
   * Sets a saved country or language through the builder. Versions before 4 December 2026 saved any text ('UNITED
   * STATES'); the builder refuses such a value now, and the lead is read without it, as it was routed: no territory
   * or language matched it then either.
   */
  private void storedCode(String leadId, String field, String value, java.util.function.Consumer<String> set) {
    try {
      set.accept(value);
    } catch (IllegalArgumentException e) {
      LOG.debug("tenant {}: lead {}'s saved {} is not a code and is dropped: {}", tenant, leadId, field,
          e.getMessage());
    }
  }

  @Override
  public void reconcile(String leadId) {
    // Each rep given a unit back and its open count: this node's view has them at once (others at their refresh).
    List<?> freed = (List<?>) script("reconcile", Scripts.RECONCILE, List.of(reservationKey(leadId),
        leadKey(leadId)), List.of(leadId, prefix + "open:"));
    for (int i = 0; i + 1 < freed.size(); i += 2) {
      RedisRep rep = reps.get(text(freed.get(i)));
      if (rep != null) {
        rep.open = ((Long) freed.get(i + 1)).intValue();
      }
    }
    if (!freed.isEmpty()) {
      LOG.info("tenant {}: gave back {} unit(s) an interrupted decision or move had reserved", tenant,
          freed.size() / 2);
    }
  }

  /** Round-robin turns in Redis: every router on this tenant takes turns as one. */
  @Override
  public io.smartrouting.spi.RoundRobinTurns roundRobinTurns() {
    return new io.smartrouting.spi.RoundRobinTurns() {
      @Override
      public int take(String key, List<String> ids, double[] weights) {
        checkTurn(ids, weights);
        Object r = scriptRaw("roundRobin", Scripts.ROUND_ROBIN, 1, key("rr:", utf8(key)), MsgPack.strings(ids),
            MsgPack.doubles(weights));
        return ((Long) r).intValue();
      }

      /** Takes a turn back in one script ({@link Scripts#ROUND_ROBIN_BACK}). */
      @Override
      public void giveBack(String key, List<String> ids, double[] weights, int index) {
        checkTurn(ids, weights);
        Objects.checkIndex(index, ids.size());
        scriptRaw("roundRobinBack", Scripts.ROUND_ROBIN_BACK, 1, key("rr:", utf8(key)), MsgPack.strings(ids),
            MsgPack.doubles(weights), utf8(Integer.toString(index)));
      }

      /** The stored credits, read as {@code rrRead} reads them (a missing or unreadable one is 0). */
      @Override
      public double[] credits(String key, List<String> ids) {
        byte[] hash = key("rr:", utf8(key));
        byte[][] fields = new byte[ids.size()][];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = utf8(ids.get(i));
        }
        List<byte[]> stored = call("roundRobinCredits", r -> r.hmget(hash, fields));
        double[] out = new double[ids.size()];
        for (int i = 0; i < out.length; i++) {
          byte[] v = stored.get(i);
          if (v != null) {
            try {
              out[i] = Double.parseDouble(new String(v, java.nio.charset.StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
              out[i] = 0; // as rrRead's tonumber
            }
          }
        }
        return out;
      }
    };
  }

  /**
   * Turns taken with the placement: {@code take} predicts from this node's {@link TurnMirror} of the key's credits
   * (no round trip) and leaves the turn for this thread's next {@link #placeAndReserve}, which takes it in the same
   * script if Redis agrees, and answers {@link PlaceResult#TURN_STALE} (after learning Redis's credits) if not.
   */
  @Override
  public io.smartrouting.spi.RoundRobinTurns turnsWithPlacement() {
    return (key, ids, weights) -> {
      checkTurn(ids, weights);
      TurnMirror mirror = mirrors.computeIfAbsent(key, k -> new TurnMirror());
      int index = mirror.predict(ids, weights);
      PENDING_TURN.get().set(key, ids, weights, index, mirror);
      return index;
    };
  }

  private static void checkTurn(List<String> ids, double[] weights) {
    if (ids.size() != weights.length || ids.isEmpty()) {
      throw new IllegalArgumentException("round-robin turn needs one weight per id but had " + ids.size()
          + " ids and " + weights.length + " weights");
    }
  }

  /** A turn predicted on this thread and not yet taken: the next {@link #placeAndReserve} takes or drops it. */
  private static final class PendingTurn {
    @Nullable String key;
    @Nullable List<String> ids;
    double @Nullable [] weights;
    int index;
    @Nullable TurnMirror mirror;

    void set(String key, List<String> ids, double[] weights, int index, TurnMirror mirror) {
      this.key = key;
      this.ids = ids;
      this.weights = weights;
      this.index = index;
      this.mirror = mirror;
    }

    void clear() {
      key = null;
      ids = null;
      weights = null;
      mirror = null;
    }
  }

  @Override
  public boolean sharesOutcomes() {
    return true;
  }

  /** True: tallies are hashes of the tenant ({@code tally:<name>}), their once keys {@code once:<key>}. */
  @Override
  public boolean sharesTallies() {
    return true;
  }

  /** One script: the once key claimed (if given) and every delta added, or nothing. */
  @Override
  public boolean addTallies(String name, @Nullable String onceKey, Duration keep, Map<String, Double> deltas) {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(keep, "keep must not be null");
    int keys = onceKey == null ? 1 : 2;
    byte[][] args = new byte[keys + 1 + 2 * deltas.size()][];
    args[0] = utf8(prefix + "tally:" + name);
    if (onceKey != null) {
      args[1] = utf8(prefix + "once:" + onceKey);
    }
    args[keys] = ascii(Math.max(1, keep.toMillis()));
    int i = keys + 1;
    for (Map.Entry<String, Double> d : deltas.entrySet()) {
      double delta = d.getValue();
      if (!Double.isFinite(delta)) {
        throw new IllegalArgumentException("tally " + name + "'s field " + d.getKey() + " must be finite but was "
            + delta);
      }
      args[i++] = utf8(d.getKey());
      args[i++] = utf8(Double.toString(delta));
    }
    Object r = scriptRaw("addTallies", Scripts.ADD_TALLIES, keys, args);
    return r instanceof Long n && n == 1L;
  }

  @Override
  public Map<String, Double> tallies(String name) {
    Objects.requireNonNull(name, "name must not be null");
    Map<String, String> h = call("tallies", r -> r.hgetAll(prefix + "tally:" + name));
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    h.forEach((field, value) -> out.put(field, Double.parseDouble(value)));
    return out;
  }

  /** True: manual availability overrides are a hash of the tenant ({@code avail}), read by every router. */
  @Override
  public boolean sharesAvailability() {
    return true;
  }

  @Override
  public void setAvailabilityOverride(String repId, @Nullable Boolean available) {
    Objects.requireNonNull(repId, "repId must not be null");
    String key = prefix + "avail";
    if (available == null) {
      call("setAvailabilityOverride", r -> r.hdel(key, repId));
    } else {
      call("setAvailabilityOverride", r -> r.hset(key, repId, available ? "1" : "0"));
    }
  }

  @Override
  public Map<String, Boolean> availabilityOverrides() {
    Map<String, String> h = call("availabilityOverrides", r -> r.hgetAll(prefix + "avail"));
    Map<String, Boolean> out = new HashMap<>();
    h.forEach((rep, v) -> out.put(rep, "1".equals(v)));
    return out;
  }

  /**
   * Notes the offboarding in the tenant's {@code offboarded} hash (rep to {@code until:policy}), for every router's
   * ticks to sweep ({@link #offboardings}).
   */
  @Override
  public void noteOffboarding(String repId, io.smartrouting.core.OffboardPolicy policy, java.time.Instant until) {
    Objects.requireNonNull(repId, "repId must not be null");
    String value = until.toEpochMilli() + ":" + (policy.queue() != null ? "q" + policy.queue()
        : policy.cover() != null ? "c" + policy.cover() : policy.triesAccountBackupFirst() ? "b" : "r");
    call("noteOffboarding", r -> r.hset(prefix + "offboarded", repId, value));
  }

  /** Offboardings kept longer than this after their sweep ends are taken out when they are read. */
  private static final long OFFBOARDING_KEPT_MILLIS = 60_000;

  /**
   * The noted offboardings whose sweep has not ended by {@code now}, read in one call; those that ended more than a
   * minute before it are taken out of the hash.
   */
  @Override
  public List<Offboarding> offboardings(java.time.Instant now) {
    Map<String, String> h = call("offboardings", r -> r.hgetAll(prefix + "offboarded"));
    if (h.isEmpty()) {
      return List.of();
    }
    long at = now.toEpochMilli();
    List<Offboarding> out = new ArrayList<>(h.size());
    List<String> over = new ArrayList<>();
    h.forEach((rep, v) -> {
      int colon = v.indexOf(':');
      long until = colon > 0 ? Long.parseLong(v.substring(0, colon)) : 0;
      String p = colon > 0 ? v.substring(colon + 1) : "";
      if (p.isEmpty() || until + OFFBOARDING_KEPT_MILLIS < at) {
        over.add(rep);
        return;
      }
      if (until <= at) {
        return;
      }
      io.smartrouting.core.OffboardPolicy policy = switch (p.charAt(0)) {
        case 'q' -> io.smartrouting.core.OffboardPolicy.toQueue(p.substring(1));
        case 'c' -> io.smartrouting.core.OffboardPolicy.toRep(p.substring(1));
        case 'b' -> io.smartrouting.core.OffboardPolicy.accountBackupFirst();
        default -> io.smartrouting.core.OffboardPolicy.reroute();
      };
      out.add(new Offboarding(rep, policy, java.time.Instant.ofEpochMilli(until)));
    });
    if (!over.isEmpty()) {
      call("offboardings", r -> r.hdel(prefix + "offboarded", over.toArray(new String[0])));
    }
    return out;
  }

  /** Counts one closed outcome with no half-life and no credit marker (every call counts). */
  @Override
  public void recordOutcome(String repId, io.smartrouting.api.Segment segment, @Nullable String industry,
      boolean won) {
    script("recordOutcome", Scripts.RECORD_OUTCOME, outcomeKeys,
        List.of(repId, segment.name(), industry == null ? "" : industry, won ? "1" : "0", "0"));
  }

  /**
   * {@inheritDoc} One script: the lead's credit marker ({@code credited:} + lead id, kept for {@code creditWindow})
   * and the counts, so that of two nodes told the same outcome one counts it. Every node's outcomes count toward one
   * schedule of halvings per segment, kept in Redis; a halving is one write whatever the number of counters
   * ({@link Scripts#RECORD_OUTCOME}).
   *
   * @throws IllegalArgumentException if {@code halfLifeOutcomes} is negative or {@code creditWindow} not positive
   */
  @Override
  public boolean recordOutcome(String leadId, String repId, io.smartrouting.api.Segment segment,
      @Nullable String industry, boolean won, long halfLifeOutcomes, Duration creditWindow) {
    if (halfLifeOutcomes < 0) {
      throw new IllegalArgumentException("halfLifeOutcomes must be >= 0 but was " + halfLifeOutcomes);
    }
    Builder.positive(creditWindow, "creditWindow");
    List<String> keys = new ArrayList<>(outcomeKeys);
    keys.add(prefix + "credited:" + leadId);
    Object r = script("recordOutcome", Scripts.RECORD_OUTCOME, keys, List.of(repId, segment.name(),
        industry == null ? "" : industry, won ? "1" : "0", Long.toString(halfLifeOutcomes),
        Long.toString(creditWindow.toMillis())));
    return r instanceof Long counted && counted == 1L;
  }

  /** True: a half-life passed to {@code recordOutcome} halves the shared counts for every node. */
  @Override
  public boolean fadesOutcomes() {
    return true;
  }

  /** The outcome hash, its log's sequence number, log and epoch ({@link Scripts#RECORD_OUTCOME}). */
  private final List<String> outcomeKeys;
  /**
   * This node's copy of the shared outcome counts, by counter name (without {@code n|w}): {outcomes, wins}; and the
   * outcome log's sequence number and epoch it has read up to. Guarded by itself.
   */
  private final Map<String, long[]> outcomeView = new HashMap<>();
  private long outcomeSeq;
  private byte[] outcomeEpoch = new byte[0];
  private long outcomeSyncs;
  /** Every how many reads the outcome counts are read in full (a repair): ten minutes at the 5 s learning sync. */
  static final int OUTCOME_FULL_EVERY = 120;

  /**
   * The shared outcome counts. Reads the counters changed since the last call (the outcome log), or the whole hash
   * page by page ({@code HSCAN}) on the first call, after the log started again, and every
   * {@value #OUTCOME_FULL_EVERY}th call: the hash grows with reps, segments and industries, and every node reads it
   * every {@code LEARNING_SYNC_INTERVAL}.
   */
  @Override
  public List<io.smartrouting.core.learning.OutcomeCount> outcomeCounts() {
    synchronized (outcomeView) {
      boolean repair = outcomeSyncs++ % OUTCOME_FULL_EVERY == 0;
      if (repair || outcomeEpoch.length == 0 || !readChangedOutcomes()) {
        readAllOutcomes();
      }
      List<io.smartrouting.core.learning.OutcomeCount> out = new ArrayList<>(outcomeView.size());
      String us = Character.toString(31);
      for (Map.Entry<String, long[]> e : outcomeView.entrySet()) {
        String[] parts = e.getKey().substring(1).split(Pattern.quote(us), -1);
        out.add(new io.smartrouting.core.learning.OutcomeCount(parts[0],
            io.smartrouting.api.Segment.valueOf(parts[1]), parts[2].isEmpty() ? null : parts[2], e.getValue()[0],
            e.getValue()[1]));
      }
      return out;
    }
  }

  /** The counters the outcome log names since the last read; false if the whole hash must be read instead. */
  private boolean readChangedOutcomes() {
    List<?> r = (List<?>) script("outcomeCounts", Scripts.OUTCOMES_SINCE, outcomeKeys,
        List.of(Long.toString(outcomeSeq), new String(outcomeEpoch, java.nio.charset.StandardCharsets.UTF_8)));
    if (r.size() == 3) {
      return false;
    }
    if (r.size() > 3) {
      List<?> names = (List<?>) r.get(2);
      List<?> values = (List<?>) r.get(3);
      for (int i = 0; i < names.size(); i++) {
        String name = new String((byte[]) names.get(i), java.nio.charset.StandardCharsets.UTF_8);
        Object n = values.get(2 * i);
        Object w = values.get(2 * i + 1);
        if (n instanceof byte[] count && number(count) > 0) {
          outcomeView.put(name, new long[] {number(count), w instanceof byte[] wins ? number(wins) : 0});
        } else {
          outcomeView.remove(name);
        }
      }
    }
    outcomeSeq = (Long) r.get(0);
    outcomeEpoch = (byte[]) r.get(1);
    return true;
  }

  /** The whole outcome hash, page by page; the log is then read from the number before the read. */
  private void readAllOutcomes() {
    List<?> head = (List<?>) script("outcomeCounts", Scripts.LOG_HEAD,
        List.of(outcomeKeys.get(1), outcomeKeys.get(3)), List.of());
    // Per counter {outcomes, wins, generation}; per segment its generation (Scripts.RECORD_OUTCOME).
    Map<String, long[]> all = new HashMap<>();
    Map<String, Long> generations = new HashMap<>();
    String key = outcomeKeys.get(0);
    char us = (char) 31;
    scan("outcomeCounts", (r, from) -> r.hscan(key, from, new ScanParams().count(SCAN_PAGE)), entries -> {
      for (Map.Entry<String, String> e : entries) {
        String field = e.getKey();
        char kind = field.charAt(0);
        if ((kind == 'n' || kind == 'w' || kind == 'g') && field.length() > 1 && field.charAt(1) == us) {
          all.computeIfAbsent(field.substring(1), k -> new long[3])[kind == 'n' ? 0 : kind == 'w' ? 1 : 2] =
              Long.parseLong(e.getValue());
        } else if (field.startsWith("sg")) {
          generations.put(field.substring(2), Long.parseLong(e.getValue()));
        }
      }
    });
    for (Map.Entry<String, long[]> e : all.entrySet()) {
      String name = e.getKey();
      int from = name.indexOf(us, 1) + 1;
      long behind = generations.getOrDefault(name.substring(from, name.indexOf(us, from)), 0L) - e.getValue()[2];
      if (behind > 0) {
        // Halved that many times, rounding down each time: the same as one division by 2^behind.
        long[] v = e.getValue();
        v[0] = behind >= 63 ? 0 : v[0] >> behind;
        v[1] = behind >= 63 ? 0 : v[1] >> behind;
      }
    }
    all.values().removeIf(v -> v[0] == 0);
    outcomeView.clear();
    outcomeView.putAll(all);
    outcomeSeq = (Long) head.get(0);
    outcomeEpoch = (byte[]) head.get(1);
  }

  // ---- encoding ----

  private static List<String> encode(Placement p) {
    return List.of("rep", nz(p.repId()), "queue", nz(p.queue()), "tier", p.tier().name(),
        "at", Long.toString(p.assignedAt().toEpochMilli()),
        "sla", p.slaDeadline() == null ? "" : Long.toString(p.slaDeadline().toEpochMilli()),
        "ovr", p.capacityOverride() ? "1" : "0",
        "cts", p.contactedAt() == null ? "" : Long.toString(p.contactedAt().toEpochMilli()),
        "pgs", p.progressedAt() == null ? "" : Long.toString(p.progressedAt().toEpochMilli()),
        "prv", holders(p.earlierHolders()),
        "fst", firstRouted(p),
        "brc", p.slaBreaches() == 0 ? "" : Integer.toString(p.slaBreaches()));
  }

  /** The lead's first routing as its hash keeps it: '' when it is the placement's own time (a first placement). */
  private static String firstRouted(Placement p) {
    long first = p.firstRoutedAt().toEpochMilli();
    return first == p.assignedAt().toEpochMilli() ? "" : Long.toString(first);
  }

  /** Rep ids as one field: each as its length, a colon and the id (an id may hold any character). */
  static String holders(List<String> ids) {
    StringBuilder b = new StringBuilder();
    for (String id : ids) {
      b.append(id.length()).append(':').append(id);
    }
    return b.toString();
  }

  /** The rep ids {@link #holders(List)} wrote. */
  static List<String> holders(String field) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < field.length(); ) {
      int colon = field.indexOf(':', i);
      int n = Integer.parseInt(field, i, colon, 10);
      out.add(field.substring(colon + 1, colon + 1 + n));
      i = colon + 1 + n;
    }
    return out;
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static Placement decode(String leadId, List<?> flat) {
    Map<String, String> h = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      h.put(text(flat.get(i)), text(flat.get(i + 1)));
    }
    return decode(leadId, h);
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static Placement decode(String leadId, Map<String, String> h) {
    String rep = h.getOrDefault("rep", "");
    String queue = h.getOrDefault("queue", "");
    String sla = h.getOrDefault("sla", "");
    String cts = h.getOrDefault("cts", "");
    // Written only once a holder reports progress (replacePlacement), so most placements have no such field.
    String pgs = h.getOrDefault("pgs", "");
    // Written only once a lead moves (replacePlacement): a first placement has no earlier holders.
    String prv = h.getOrDefault("prv", "");
    // Both written only once a lead moves (a first placement is its first routing, with no missed deadline behind it).
    String fst = h.getOrDefault("fst", "");
    String brc = h.getOrDefault("brc", "");
    Instant at = Instant.ofEpochMilli(Long.parseLong(h.get("at")));
    return new Placement(leadId, rep.isEmpty() ? null : rep, queue.isEmpty() ? null : queue,
        Tier.valueOf(h.get("tier")), at, sla.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(sla)),
        "1".equals(h.get("ovr")), cts.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(cts)),
        pgs.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(pgs)), holders(prv),
        fst.isEmpty() ? at : Instant.ofEpochMilli(Long.parseLong(fst)), brc.isEmpty() ? 0 : Integer.parseInt(brc));
  }

  // ---- local view ----

  private void refreshQuietly() {
    if (idle()) {
      return;
    }
    try {
      // Every rep read in full on the first pass and every FULL_REFRESH_EVERY-th (a repair); the change log otherwise.
      long quiet = quietRefreshes.sum();
      if (refreshes++ % FULL_REFRESH_EVERY == 0) {
        refresh();
      } else {
        refreshFromNotes();
      }
      quietPasses = quietRefreshes.sum() > quiet ? quietPasses + 1 : 0;
    } catch (RuntimeException e) {
      LOG.debug("tenant {}: refresh of the local view failed: {}", tenant, e.getMessage());
    }
  }

  /**
   * True if this refresh pass is skipped: the tenant has been idle here (no decision, release, contact or move through
   * this store for {@link #IDLE_AFTER_NANOS}) and the last {@link #QUIET_PASSES} refreshes found nothing new; then
   * only every {@link #IDLE_EVERY}-th pass asks Redis (at the default 100 ms, once a second), so an idle tenant costs
   * Redis a tenth. The first decision after puts the refresh back on every pass.
   */
  private boolean idle() {
    if (quietPasses < QUIET_PASSES || System.nanoTime() - lastActivityNanos < IDLE_AFTER_NANOS) {
      skipped = 0;
      return false;
    }
    if (++skipped < IDLE_EVERY) {
      return true;
    }
    skipped = 0;
    return false;
  }

  /** Notes a decision, release, contact or move through this store: its view is refreshed on every pass again. */
  private void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /** How long without a decision, release, contact or move before an idle store refreshes less often. */
  static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** Refreshes in a row that found nothing new before an idle store refreshes less often. */
  static final int QUIET_PASSES = 10;
  /** An idle store asks Redis on every this many refresh passes. */
  static final int IDLE_EVERY = 10;
  /** The refresh task's own: refreshes in a row that found nothing new, and passes skipped since the last. */
  private int quietPasses;
  private int skipped;
  private volatile long lastActivityNanos = System.nanoTime();

  /**
   * How many refresher passes that ask Redis make one full read of every rep ({@link #refresh()}): a minute at the
   * default 100 ms (ten minutes for an idle store, which asks once a second).
   */
  static final int FULL_REFRESH_EVERY = 600;
  /** Reps per script of a full read or a read of new reps, so that no one script holds Redis for long. */
  static final int REPS_PER_SCRIPT = 1000;
  /** Refresher passes so far (the refresh task's own: its runs never overlap). */
  private long refreshes;

  /**
   * Brings the local view up to date from the notes ({@link Scripts#NOTES}): first the reps this node has come to
   * know since the last pass, then the reps the change log names since the sequence number last read. One small
   * script when nothing changed, whatever the roster's size.
   */
  void refreshFromNotes() {
    readUnread();
    List<?> r = (List<?>) scriptRaw("refreshFromNotes", Scripts.CHANGES_SINCE, 5, changesKeyBytes, responsesKeyBytes,
        epochKeyBytes, seqKeyBytes, takenKeyBytes, ascii(changeSeq), changeEpoch, openPrefixBytes);
    long now = (Long) r.get(0);
    byte[] epoch = (byte[]) r.get(1);
    if (r.size() == 3) {
      // The log started again (a failover to a replica, a restart, lost keys): changes made before it that this
      // node had not read yet are in no log, so read every rep.
      LOG.info("tenant {}: the change log started again; reading every rep", tenant);
      refresh();
      return;
    }
    if (r.size() > 2) {
      List<?> ids = (List<?>) r.get(2);
      List<?> counts = (List<?>) r.get(3);
      List<?> responses = (List<?>) r.get(4);
      List<?> taken = (List<?>) r.get(5);
      for (int i = 0; i < ids.size(); i++) {
        RedisRep rep = reps.get(new String((byte[]) ids.get(i), java.nio.charset.StandardCharsets.UTF_8));
        if (rep != null) {
          apply(rep, counts.get(i), responses.get(i), i < taken.size() ? taken.get(i) : null);
        }
      }
      changedRepsRead.add(ids.size());
    } else {
      quietRefreshes.increment();
    }
    changeSeq = now;
    changeEpoch = epoch;
  }

  /** Reads the notes of the reps this node came to know since the last pass ({@link Scripts#CHANGED_VIEW}). */
  private void readUnread() {
    List<RedisRep> batch = new ArrayList<>();
    try {
      for (RedisRep rep; (rep = unread.poll()) != null; ) {
        if (rep.read) {
          continue; // a full read since took it
        }
        batch.add(rep);
        if (batch.size() == REPS_PER_SCRIPT) {
          readNotesOf(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        readNotesOf(batch);
      }
    } catch (RuntimeException e) {
      unread.addAll(batch); // read next time
      throw e;
    }
  }

  private void readNotesOf(List<RedisRep> batch) {
    List<?> r = (List<?>) scriptRaw("refreshFromNotes", Scripts.CHANGED_VIEW, 2, responsesKeyBytes, takenKeyBytes,
        openPrefixBytes, idsOf(batch));
    List<?> counts = (List<?>) r.get(0);
    List<?> responses = (List<?>) r.get(1);
    List<?> taken = (List<?>) r.get(2);
    for (int i = 0; i < batch.size(); i++) {
      apply(batch.get(i), counts.get(i), responses.get(i), i < taken.size() ? taken.get(i) : null);
    }
  }

  /** The reps' ids as the scripts take them ({@link MsgPack}). */
  private static byte[] idsOf(List<RedisRep> reps) {
    List<String> names = new ArrayList<>(reps.size());
    for (RedisRep rep : reps) {
      names.add(rep.repId);
    }
    return MsgPack.strings(names);
  }

  /**
   * One rep's open units, noted response statistics ("n:sum", null if none) and noted cap counts ("period:count,...",
   * null if none): a rep another node took to its cap is then seen at it here too, without being refused first.
   */
  private static void apply(RedisRep rep, @Nullable Object count, @Nullable Object response, @Nullable Object taken) {
    rep.read = true;
    if (count instanceof Long n) {
      rep.open = n.intValue();
    }
    if (taken instanceof byte[] t) {
      noteTaken(rep, t, 0, t.length, (byte) ':', (byte) ',');
    }
    if (response instanceof byte[] v) {
      int colon = indexOf(v, (byte) ':', 0);
      rep.publish(parseLong(v, 0, colon), Double.parseDouble(
          new String(v, colon + 1, v.length - colon - 1, java.nio.charset.StandardCharsets.US_ASCII)));
    }
  }

  /**
   * Reads every known rep's open count and response statistics into the local view, and repairs the notes where they
   * are wrong: {@link #REPS_PER_SCRIPT} reps a script, each answer one string (one allocation for the reply, not two
   * objects per rep). The change log is then read from the sequence number before the read, so nothing that changed
   * during it is missed.
   */
  void refresh() {
    List<RedisRep> known = new ArrayList<>(reps.values());
    if (known.isEmpty()) {
      return;
    }
    List<?> head = (List<?>) scriptRaw("refresh", Scripts.LOG_HEAD, 2, seqKeyBytes, epochKeyBytes);
    for (int from = 0; from < known.size(); from += REPS_PER_SCRIPT) {
      List<RedisRep> part = known.subList(from, Math.min(known.size(), from + REPS_PER_SCRIPT));
      byte[] answer = (byte[]) scriptRaw("refresh", Scripts.REFRESH, 1, indexKeyBytes, prefixBytes, idsOf(part));
      int pos = 0;
      for (RedisRep rep : part) {
        rep.read = true;
        int colon = indexOf(answer, (byte) ':', pos);
        rep.open = (int) parseLong(answer, pos, colon);
        int colon2 = indexOf(answer, (byte) ':', colon + 1);
        int end = indexOf(answer, (byte) ',', colon2 + 1);
        // The cap counts, when noted, follow a third colon: period/count;period/count.
        int colon3 = Math.min(end, indexOf(answer, (byte) ':', colon2 + 1));
        if (colon2 > colon + 1 && colon3 > colon2 + 1) {
          rep.publish(parseLong(answer, colon + 1, colon2), Double.parseDouble(
              new String(answer, colon2 + 1, colon3 - colon2 - 1, java.nio.charset.StandardCharsets.US_ASCII)));
        }
        noteTaken(rep, answer, colon3 + 1, end, (byte) '/', (byte) ';');
        pos = end + 1;
      }
    }
    changeSeq = (Long) head.get(0);
    changeEpoch = (byte[]) head.get(1);
  }

  private static final Tier[] TIERS = Tier.values();

  private static @Nullable String textOrNull(Object o) {
    byte[] b = (byte[]) o;
    return b.length == 0 ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long number(byte[] b) {
    if (b.length == 0) {
      throw new IllegalStateException("redis answered an empty number");
    }
    return parseLong(b, 0, b.length);
  }

  private static @Nullable Instant instantOrNull(byte[] b) {
    return b.length == 0 ? null : Instant.ofEpochMilli(parseLong(b, 0, b.length));
  }

  private static Tier tier(byte[] b) {
    for (Tier t : TIERS) {
      String name = t.name();
      if (name.length() == b.length) {
        boolean same = true;
        for (int i = 0; i < b.length && same; i++) {
          same = name.charAt(i) == b[i];
        }
        if (same) {
          return t;
        }
      }
    }
    throw new IllegalStateException("unknown tier '" + new String(b, java.nio.charset.StandardCharsets.UTF_8)
        + "' in redis");
  }

  /**
   * Notes the cap counts written in {@code b} from {@code from} to {@code to} (exclusive) on {@code rep}: pairs of a
   * period and its count, {@code within} between the two and {@code between} between pairs ({@code ':'} and
   * {@code ','} as the scripts note them, {@code '/'} and {@code ';'} inside a full read's answer). Stops at the first
   * pair it cannot read (not written by this version's scripts: nothing more learned).
   */
  private static void noteTaken(RedisRep rep, byte[] b, int from, int to, byte within, byte between) {
    for (int pos = from; pos < to; ) {
      int sep = Math.min(to, indexOf(b, within, pos));
      int end = Math.min(to, indexOf(b, between, sep + 1));
      if (sep >= to || sep == pos || end <= sep + 1) {
        return;
      }
      rep.noteDay(parseLong(b, pos, sep), (int) parseLong(b, sep + 1, end));
      pos = end + 1;
    }
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return b.length;
  }

  private static long parseLong(byte[] b, int from, int to) {
    long v = 0;
    boolean negative = from < to && b[from] == '-';
    for (int i = negative ? from + 1 : from; i < to; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return negative ? -v : v;
  }

  /** Stops the refresher and closes the connection pool. */
  @Override
  public void close() {
    closing = true;
    Thread f = flusher;
    if (f != null) {
      // The flusher sends what is queued at once, then ends; past the wait, this thread sends what is left.
      java.util.concurrent.locks.LockSupport.unpark(f);
      try {
        f.join(Math.max(1000, 4 * timeoutMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sendQueued();
    refreshTask.cancel(false);
    leaseTask.cancel(false);
    synchronized (leaseLock) {
      // (closing is set: no renewal runs after this)
      if (leaseHeld) {
        try {
          script("unlease", Scripts.UNLEASE, List.of(prefix + "lease"), List.of(leaseToken));
        } catch (RuntimeException e) {
          LOG.debug("tenant {}: timer lease not given back ({}); it runs out", tenant, e.getMessage());
        }
        leaseHeld = false;
      }
    }
    RedisConnections pool = shared;
    if (pool == null) {
      redis.close();
    }
    if (open.compareAndSet(true, false)) {
      if (pool != null) {
        pool.detach();
      }
      OPEN_STORES.decrementAndGet();
      sizeBackground();
    }
  }

  /** One rep's state: reservations go to Redis; reads come from the local view. */
  private final class RedisRep implements RepState {
    final String repId;
    final byte[] idBytes;
    /** This rep's open-set key, as bytes. */
    final byte[] openKey;
    volatile int open;
    /** Read from Redis at least once (a full read or the notes), so the next pass need not read it as new. */
    volatile boolean read;
    private volatile long responses;
    private volatile double responseSum;

    RedisRep(String repId) {
      this.repId = repId;
      this.idBytes = utf8(repId);
      this.openKey = key("open:", idBytes);
    }

    synchronized void publish(long n, double sum) {
      responseSum = sum;
      responses = n;
    }

    @Override
    public String repId() {
      return repId;
    }

    @Override
    public int openLeads() {
      return open;
    }

    @Override
    public boolean reservesPerLead() {
      return true;
    }

    @Override
    public boolean tryReserve(int limit, String leadId) {
      return reserve(Math.max(0, limit), leadId);
    }

    @Override
    public void forceReserve(String leadId) {
      reserve(-1, leadId);
    }

    private boolean reserve(int limit, String leadId) {
      List<?> r = (List<?>) script("reserve", Scripts.RESERVE, List.of(openKey(repId), reservationKey(leadId)),
          List.of(leadId, Integer.toString(limit), repId));
      open = ((Long) r.get(1)).intValue();
      return ((Long) r.get(0)) == 1L;
    }

    /**
     * Per kind of period (day, week, month: {@link RepState#periodKind}), the latest period this node counted for the
     * rep's caps and its count; guarded by this.
     */
    private final long[] countedPeriod = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    private final int[] counted = new int[3];

    @Override
    public boolean countsDays() {
      return true;
    }

    @Override
    public boolean countsSeveralPeriods() {
      return true;
    }

    @Override
    public boolean tryReserve(int limit, String leadId, long day, int dayCap) {
      if (dayCap <= 0) {
        return tryReserve(limit, leadId);
      }
      return tryReserve(limit, leadId, new long[] {day}, new int[] {dayCap});
    }

    @Override
    public boolean tryReserve(int limit, String leadId, long[] periods, int[] caps) {
      String limitArg = new String(terms(Math.max(0, limit), periods, caps, null),
          java.nio.charset.StandardCharsets.US_ASCII);
      List<?> r = (List<?>) script("reserve", Scripts.RESERVE, List.of(openKey(repId), reservationKey(leadId)),
          List.of(leadId, limitArg, repId));
      open = ((Long) r.get(1)).intValue();
      if (r.size() == 2 + periods.length) {
        // Each period's count: after the reservation, or as it stood when a cap refused it.
        for (int i = 0; i < periods.length; i++) {
          noteDay(periods[i], ((Long) r.get(2 + i)).intValue());
        }
      }
      return ((Long) r.get(0)) == 1L;
    }

    /**
     * Notes that the rep took {@code taken} leads in period {@code day} (-1: nothing learned); a later period of its
     * kind replaces.
     */
    synchronized void noteDay(long day, int taken) {
      int k = RepState.periodKind(day);
      if (taken < 0 || day < countedPeriod[k]) {
        return;
      }
      counted[k] = day == countedPeriod[k] ? Math.max(counted[k], taken) : taken;
      countedPeriod[k] = day;
    }

    @Override
    public synchronized int takenOn(long day) {
      int k = RepState.periodKind(day);
      return day == countedPeriod[k] ? counted[k] : 0;
    }

    @Override
    public boolean release(String leadId) {
      List<?> r = (List<?>) script("release", Scripts.RELEASE, List.of(openKey(repId), reservationKey(leadId)),
          List.of(leadId, repId));
      open = ((Long) r.get(1)).intValue();
      return ((Long) r.get(0)) == 1L;
    }

    @Override
    public boolean tryReserve(int limit) {
      throw new UnsupportedOperationException("shared state reserves per lead: use tryReserve(limit, leadId)");
    }

    @Override
    public void forceReserve() {
      throw new UnsupportedOperationException("shared state reserves per lead: use forceReserve(leadId)");
    }

    @Override
    public boolean release() {
      throw new UnsupportedOperationException("shared state releases per lead: use release(leadId)");
    }

    @Override
    public void recordResponseMinutes(double minutes) {
      RepState.checkResponseMinutes(minutes);
      script("recordResponse", Scripts.RECORD_RESPONSE, List.of(statsKey(repId)),
          List.of(Double.toString(minutes), repId));
      responded(minutes);
    }

    /** Counts a response time Redis recorded in this node's view. */
    synchronized void responded(double minutes) {
      responses++;
      responseSum += minutes;
    }

    @Override
    public double meanResponseMinutes(double priorMinutes) {
      return RepState.meanWithPrior(priorMinutes, responses, responseSum);
    }
  }

  /** Builds {@link RedisStateStore}s. Not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private String host = "localhost";
    private int port = 6379;
    private Duration timeout = Duration.ofMillis(100);
    private Duration retryAfter = Duration.ofSeconds(1);
    private Duration refreshInterval = Duration.ofMillis(100);
    private Duration takeover = Duration.ofSeconds(10);
    private int maxConnections = 16;
    private @Nullable String user;
    private @Nullable String password;
    private final List<HostAndPort> clusterSeeds = new ArrayList<>();
    private Duration releaseDelay = Duration.ofMillis(2);
    private int replicaAcks;
    private Duration replicaAckTimeout = Duration.ofMillis(50);
    private Duration spinWait = Duration.ZERO;
    private @Nullable Duration keepReleasedLeads;
    private @Nullable RedisConnections connections;

    private Builder(String tenant) {
      if (tenant == null || !TENANT.matcher(tenant).matches()) {
        throw new IllegalArgumentException("tenant must be 1-64 letters, digits, '_', '.' or '-' but was '"
            + tenant + "'");
      }
      this.tenant = tenant;
    }

    /**
     * One Redis server's host and port (default localhost:6379); replaces {@link #cluster}.
     *
     * @param host the server's host name
     * @param port its port
     * @return this builder
     */
    public Builder endpoint(String host, int port) {
      checkEndpoint(host, port);
      this.host = host;
      this.port = port;
      clusterSeeds.clear();
      return this;
    }

    /**
     * Redis Cluster instead of one server: {@code seeds} are {@code host:port} of some of its nodes (any reachable
     * one is enough; the client discovers the rest and follows slot moves). All of a tenant's keys carry the tenant
     * as hash tag, so they live in one slot and every script runs on one master; different tenants spread over the
     * masters. Replaces {@link #endpoint}.
     *
     * @param seeds some of the cluster's nodes, each {@code host:port}
     * @return this builder
     * @throws IllegalArgumentException if {@code seeds} is empty or an entry is not {@code host:port}, naming it
     */
    public Builder cluster(List<String> seeds) {
      List<HostAndPort> parsed = seeds(seeds);
      clusterSeeds.clear();
      clusterSeeds.addAll(parsed);
      return this;
    }

    static void checkEndpoint(String host, int port) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("redis host must not be blank");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("redis port must be in 1..65535 but was " + port);
      }
    }

    /** {@code host:port} seeds of a cluster, checked. */
    static List<HostAndPort> seeds(List<String> seeds) {
      Objects.requireNonNull(seeds, "cluster seeds must not be null");
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("cluster seeds must name at least one host:port");
      }
      List<HostAndPort> parsed = new ArrayList<>();
      for (int i = 0; i < seeds.size(); i++) {
        String seed = seeds.get(i);
        int colon = seed == null ? -1 : seed.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
          try {
            port = Integer.parseInt(seed.substring(colon + 1));
          } catch (NumberFormatException e) {
            port = -1;
          }
        }
        if (port < 1 || port > 65_535 || seed.substring(0, colon).isBlank()) {
          throw new IllegalArgumentException("cluster seeds[" + i + "] must be host:port with a port in 1..65535 but"
              + " was '" + seed + "'");
        }
        parsed.add(new HostAndPort(seed.substring(0, colon), port));
      }
      return parsed;
    }

    /**
     * Bound on connecting, on each command and on waiting for a pooled connection (default 100 ms).
     *
     * @param timeout the bound, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * After a failure, calls fail at once for this long before Redis is tried again (default 1 s).
     *
     * @param retryAfter the pause after a failure, positive
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = positive(retryAfter, "retryAfter");
      return this;
    }

    /**
     * How often the local view of open leads and response statistics is refreshed (default 100 ms). Each refresh reads
     * the reps changed since the one before; the first and every 600th read every rep (a repair).
     *
     * @param interval the period of the refresh
     * @return this builder
     */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = positive(interval, "refreshInterval");
      return this;
    }

    /**
     * How soon another node takes the tenant's timer lease over when its holder stops without closing (default
     * 10 s): the new holder then loads the open leads and fires every overdue SLA timer once. A closed store gives
     * the lease back at once.
     *
     * @param takeover the time before another node takes the lease
     * @return this builder
     */
    public Builder takeover(Duration takeover) {
      this.takeover = positive(takeover, "takeover");
      return this;
    }

    /**
     * How long a release made with {@code releaseAsync} waits for a placement script of this node to carry it before
     * the store sends it alone (default 2 ms). Longer saves round trips when decisions are rare; the rep's unit stays
     * taken meanwhile.
     *
     * @param delay the longest wait for a placement script to carry a release
     * @return this builder
     */
    public Builder releaseDelay(Duration delay) {
      this.releaseDelay = positive(delay, "releaseDelay");
      return this;
    }

    /**
     * How long a released lead that a rep held is kept in Redis, when its routing facts were saved with it (every
     * lead of a learning router, and leads with a deadline): its last placement and facts, some hundreds of bytes, so
     * that an outcome reported for it to any node (a CRM's webhook reaches whichever node the load balancer picks) is
     * credited to that rep in the lead's segment and industry. Unset (the default), a learning router built on the
     * store sets it to its attribution window (90 days by default) and, without one, released leads are deleted; zero
     * deletes them whatever the routers ask, and an outcome then counts only on the node that still remembers the
     * lead.
     *
     * @param keep how long a released lead is kept
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder keepReleasedLeads(Duration keep) {
      this.keepReleasedLeads = notNegative(keep, "keepReleasedLeads");
      return this;
    }

    /**
     * Counts a write only once {@code replicas} replicas have it ({@code WAIT}, sent with the write: no extra round
     * trip, plus the replicas' confirmation), so that a master that dies takes no acknowledged placement, release or
     * contact with it. A write not confirmed within {@code timeout} is reported as not made: the router queues the
     * lead (flagged) or journals the report and writes it again, as during an outage. A call may then wait up to
     * {@code timeout} (the call's) plus this {@code timeout}. Default 0: Redis's asynchronous replication, where a
     * failover can lose the last writes.
     *
     * @param replicas the replicas that must confirm a write (0: none)
     * @param timeout how long they may take
     * @return this builder
     */
    public Builder replicaAcks(int replicas, Duration timeout) {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicaAcks replicas must be >= 0 but was " + replicas);
      }
      this.replicaAcks = replicas;
      this.replicaAckTimeout = positive(timeout, "replicaAcks timeout");
      return this;
    }

    /**
     * Lets a thread waiting for Redis's answer poll its socket for up to {@code spin} before it sleeps. Off by default
     * ({@link Duration#ZERO}).
     *
     * <p>Sleeping on a socket and being woken costs a virtual machine tens of microseconds per round trip: on this
     * project's 2-core benchmark machine a {@code PING} had a p50 of 64 µs sleeping and 23 µs polling (JMH,
     * {@code RedisRouteBenchmark.pingSleeping} and {@code pingPolling}). Polling burns a core
     * while it lasts, so a thread polls only while it is the one thread using Redis through this store; once several
     * threads route at the same time they all sleep as without this option, since a poller would take the CPU that
     * they and Redis need. Turn it on for a node that routes from one thread at a time and can spare a core. A
     * {@code spin} a little above a placement script's usual answer time (100 µs) catches almost every answer. One
     * Redis server only, not with {@link #cluster}.
     *
     * @param spin how long to poll for an answer before sleeping (zero: never poll)
     * @return this builder
     * @throws IllegalArgumentException if {@code spin} is negative
     */
    public Builder spinWait(Duration spin) {
      this.spinWait = notNegative(spin, "spinWait");
      return this;
    }

    /**
     * Uses {@code connections}, a pool shared with other tenants' stores, instead of a pool of this store's own: its
     * endpoint or cluster, timeouts, size and credentials replace {@link #endpoint}, {@link #cluster},
     * {@link #maxConnections} and {@link #credentials} (this builder's {@link #timeout} still bounds the store's own
     * waits). Closing the store leaves the pool open. Not with {@link #spinWait}; with {@link #replicaAcks}, the pool's
     * timeout must cover the call's and the replicas'.
     *
     * @param connections the shared pool
     * @return this builder
     */
    public Builder connections(RedisConnections connections) {
      this.connections = Objects.requireNonNull(connections, "connections must not be null");
      return this;
    }

    /**
     * Pooled connections (default 16: at least the number of routing threads is best).
     *
     * @param n the most pooled connections
     * @return this builder
     */
    public Builder maxConnections(int n) {
      this.maxConnections = atLeastOne(n, "maxConnections");
      return this;
    }

    static int atLeastOne(int n, String name) {
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be >= 1 but was " + n);
      }
      return n;
    }

    /**
     * Redis ACL user and password (Redis 6+); the user should be limited to {@code ~sr:{<tenant>}:*}.
     *
     * @param user the ACL user, or null for the default user
     * @param password its password
     * @return this builder
     */
    public Builder credentials(@Nullable String user, String password) {
      this.user = user;
      this.password = Objects.requireNonNull(password, "password must not be null");
      return this;
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name + " must not be null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative but was " + d);
      }
      return d;
    }

    static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + d);
      }
      return d;
    }

    /**
     * The store; connects lazily, so building never fails because Redis is down.
     *
     * @return the store
     * @throws IllegalStateException if {@link #spinWait} is combined with {@link #cluster} or {@link #connections},
     *     if shared connections time out before {@link #replicaAcks} would answer, or if they are closed
     */
    public RedisStateStore build() {
      if (!spinWait.isZero() && !clusterSeeds.isEmpty()) {
        throw new IllegalStateException("spinWait works with one Redis endpoint, not with cluster(...)");
      }
      if (connections != null && !spinWait.isZero()) {
        throw new IllegalStateException("spinWait needs a pool of the store's own, not connections(...) shared"
            + " with other tenants");
      }
      if (connections != null && replicaAcks > 0
          && connections.timeout().compareTo(timeout.plus(replicaAckTimeout)) < 0) {
        throw new IllegalStateException("replicaAcks waits up to " + timeout.plus(replicaAckTimeout) + " for an"
            + " answer but the shared connections time out after " + connections.timeout());
      }
      return new RedisStateStore(this);
    }
  }
}
