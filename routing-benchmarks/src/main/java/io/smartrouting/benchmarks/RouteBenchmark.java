package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.Classification;
import io.smartrouting.core.internal.LeadFacts;
import io.smartrouting.core.internal.RosterSnapshot;
import io.smartrouting.core.state.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision over a generated tenant of {@code reps} reps: the full default chain, each built-in
 * strategy alone, qualification alone, and the same decision by two straightforward implementations without an
 * index: {@code streamMaxBaseline} (the competent one) and {@code sortAllCandidates}. Every routed lead is released at
 * once so open counts stay steady; lead ids are distinct within the idempotency window.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class RouteBenchmark {
  /** The clock of the routers the benchmarks with contacts use: the system clock, moved on by those benchmarks. */
  private final SteppedClock clock = new SteppedClock();


  /** Size of the pre-generated lead stream; ids repeat only after this many decisions. */
  static final int LEADS = 1 << 16;

  @Param({"100", "1000", "10000", "100000"})
  public int reps;

  Lead[] leads;
  /** {@link #leads} with a job title, a company name and a website each ({@link #crmLeads(Lead[])}). */
  Lead[] crmLeads;
  /** {@link #leads} from people of 2,000 companies (each address its own, each company's domain recurring). */
  Lead[] colleagueLeads;
  Lead[] tier1Leads;
  Lead[] accountLeads;
  LeadFacts[] facts;
  Router defaultChain;
  /** The default chain with {@code returning-contact} after {@code account-owner}. */
  Router withReturningContacts;
  /**
   * The default chain writing every event to an audit log ({@link Router.Builder#auditLog}: 20 excluded reps a reason),
   * delivered on the routing thread, so the lines' cost is in the decision's time.
   */
  Router withAuditLog;
  /** What the audit sink received (characters), so that no line is optimised away. */
  long auditChars;
  /** {@link #withReturningContacts} with {@code same-company} after {@code returning-contact}. */
  Router withSameCompany;
  /** The weighted step with its default scan ({@code bestFirst: auto}: best-first from 25,000 reps). */
  Router weighted;
  Router weightedBestFirst;
  Router weightedFullScan;
  Router roundRobin;
  Router accountOwner;
  Router tierFastTrack;
  /** The fast track with {@code bestFirst: false}: every candidate read, whatever the roster. */
  Router tierFastTrackFullScan;
  LinearScanRouter linear;
  StreamMaxRouter streamMax;
  RosterSnapshot snapshot;
  long[] scratch;
  private final AtomicInteger threadIndex = new AtomicInteger();

  /**
   * A thread's own lead stream. The first thread walks {@link #leads} as generated; every further thread walks the
   * same leads in its own shuffled order under its own ids ({@code <id>~t<k>}), so no two threads ever route the same
   * lead id or the same lead at the same moment, as with two independent sources of leads.
   *
   * <p>(Until 1 December 2026 the second thread walked the shared stream from an offset. The two threads' speeds
   * drift, so sooner or later one caught up with the other's lead ids inside the idempotency window; its calls then
   * became cheap repeats that kept it in step with the leader, and both spent the rest of the run reading each
   * other's freshly written cache lines: the 2-thread throughput flipped between about 1.8 and 1.0 times one thread
   * within a single fork.)
   */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    Lead[] own;

    @Setup(Level.Trial)
    public void start(RouteBenchmark bench) {
      int k = bench.threadIndex.getAndIncrement();
      Lead[] source = source(bench);
      own = k == 0 ? source : distinctStream(source, k);
    }

    /** The leads this cursor walks. */
    Lead[] source(RouteBenchmark bench) {
      return bench.leads;
    }

    int take(int length) {
      int i = next;
      next = next + 1 == Integer.MAX_VALUE ? 0 : next + 1;
      return i % length;
    }

    /** The next lead of this thread's own stream. */
    Lead nextLead() {
      return own[take(own.length)];
    }
  }

  /** A thread's stream of {@link #colleagueLeads}. */
  public static class ColleagueCursor extends Cursor {
    @Override
    Lead[] source(RouteBenchmark bench) {
      return bench.colleagueLeads;
    }
  }

  /** A thread's stream of {@link #crmLeads}. */
  public static class CrmCursor extends Cursor {
    @Override
    Lead[] source(RouteBenchmark bench) {
      return bench.crmLeads;
    }
  }

  /** Job titles as a CRM's leads carry them: mostly common ones, some executive (Tier 1 by title). */
  private static final String[] TITLES = {"Software Engineer", "Senior Software Engineer", "Marketing Manager",
      "Sales Manager", "Account Executive", "Office Manager", "Operations Manager", "Product Manager", "Data Analyst",
      "IT Manager", "Customer Success Manager", "Engineering Manager", "Consultant", "Procurement Specialist",
      "HR Business Partner", "Head of Growth", "VP Sales", "Director of IT", "CFO", "Founder"};

  /**
   * {@code leads} as a CRM sends them: each with a job title (one in eight written in its own way, as the long tail of
   * titles is: a title the router has not seen), a company name (the account's for account leads) and a website.
   * The other benchmarks' leads carry none of these three.
   */
  static Lead[] crmLeads(Lead[] leads) {
    Lead[] out = new Lead[leads.length];
    java.util.Random rnd = new java.util.Random(11);
    for (int i = 0; i < leads.length; i++) {
      Lead l = leads[i];
      String email = java.util.Objects.requireNonNull(l.email());
      String domain = email.substring(email.indexOf('@') + 1);
      String org = domain.substring(0, domain.indexOf('.'));
      String title = TITLES[rnd.nextInt(TITLES.length)];
      if (rnd.nextInt(8) == 0) {
        title = title + ", " + org + " team " + rnd.nextInt(1000);
      }
      String company = org.startsWith("account") ? "Account " + org.substring(7) + " Inc"
          : Character.toUpperCase(org.charAt(0)) + org.substring(1) + ", Inc.";
      out[i] = Lead.builderFrom(l).title(title).companyName(company).website("https://www." + domain + "/").build();
    }
    return out;
  }

  /** {@code leads} in an order shuffled by {@code k}, each under the id {@code <id>~t<k>}. */
  static Lead[] distinctStream(Lead[] leads, int k) {
    Lead[] out = new Lead[leads.length];
    for (int i = 0; i < leads.length; i++) {
      out[i] = Lead.builderFrom(leads[i]).id(leads[i].id() + "~t" + k).build();
    }
    java.util.Random rnd = new java.util.Random(31L * k + 7);
    for (int i = out.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Lead t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  @Setup(Level.Trial)
  public void setUp() {
    BenchWorld world = BenchWorld.generate(17, reps, LEADS);
    leads = world.leads.toArray(new Lead[0]);
    crmLeads = crmLeads(leads);
    colleagueLeads = new Lead[leads.length];
    for (int i = 0; i < leads.length; i++) {
      colleagueLeads[i] = Lead.builderFrom(leads[i]).email("person" + i + "@company" + i % 2000 + ".com").build();
    }
    List<Lead> t1 = new ArrayList<>();
    List<Lead> acct = new ArrayList<>();
    AccountDirectory dir = new AccountDirectory(world.accounts, Router.DEFAULT_FREE_MAIL_DOMAINS);
    facts = new LeadFacts[leads.length];
    for (int i = 0; i < leads.length; i++) {
      Lead lead = leads[i];
      Classification c = Classification.of(lead, ClassificationPolicy.defaults());
      AccountDirectory.Match m = dir.match(lead);
      facts[i] = new LeadFacts(lead, m.account, m.people, c.segment);
      if (c.tier == Tier.TIER_1) {
        t1.add(lead);
      }
      if (m.account != null) {
        acct.add(lead);
      }
    }
    tier1Leads = t1.toArray(new Lead[0]);
    accountLeads = acct.toArray(new Lead[0]);
    defaultChain = router(world).defaultChain().build();
    withAuditLog = router(world).defaultChain().auditLog(line -> auditChars += line.length()).build();
    withReturningContacts = router(world).step("account-owner").step("returning-contact")
        .step(io.smartrouting.core.ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1))
        .step(io.smartrouting.core.ChainStep.of("weighted").onlyFor(Tier.TIER_2))
        .step(io.smartrouting.core.ChainStep.of("round-robin").onlyFor(Tier.TIER_3)).build();
    withSameCompany = router(world).step("account-owner").step("returning-contact").step("same-company")
        .step(io.smartrouting.core.ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1))
        .step(io.smartrouting.core.ChainStep.of("weighted").onlyFor(Tier.TIER_2))
        .step(io.smartrouting.core.ChainStep.of("round-robin").onlyFor(Tier.TIER_3)).build();
    weighted = steppedRouter(world).step("weighted").build();
    weightedBestFirst = steppedRouter(world)
        .step("weighted", io.smartrouting.spi.StrategyConfig.of("bestFirst", "true")).build();
    weightedFullScan = steppedRouter(world)
        .step("weighted", io.smartrouting.spi.StrategyConfig.of("bestFirst", "false")).build();
    roundRobin = router(world).step("round-robin").build();
    accountOwner = router(world).step("account-owner").build();
    tierFastTrack = steppedRouter(world).step("tier-fast-track").build();
    tierFastTrackFullScan = steppedRouter(world)
        .step("tier-fast-track", io.smartrouting.spi.StrategyConfig.of("bestFirst", "false")).build();
    linear = new LinearScanRouter(world.reps, world.accounts);
    streamMax = new StreamMaxRouter(world.reps, world.accounts);
    snapshot = new RosterSnapshot(1, world.reps, new InMemoryStateStore(), 0.9, dir);
    scratch = new long[snapshot.words];
  }

  private static Router.Builder router(BenchWorld world) {
    return Router.builder().roster(world.reps).accounts(world.accounts)
        .idempotency(Duration.ofHours(1), 4096);
  }

  /**
   * {@link #router} on the {@linkplain SteppedClock stepped clock}, for the routers the benchmarks with contacts use;
   * ids are forgotten by count (4,096), as under an hour's window, however far those benchmarks move the clock on.
   */
  private Router.Builder steppedRouter(BenchWorld world) {
    return router(world).clock(clock).idempotency(Duration.ofDays(3650), 4096);
  }

  /** Routes {@code lead} and releases it at once, so open counts stay steady; shared by the benchmarks. */
  static Decision routeAndRelease(Router router, Lead lead) {
    Decision d = router.route(lead);
    router.release(d.leadId());
    return d;
  }

  /**
   * Also in Throughput mode: the 2-thread target is about throughput, and on a 2-vCPU machine a SampleTime mean also
   * counts every sampled call during which the OS ran a GC or JIT thread instead (two benchmark threads leave it no
   * spare core), which Throughput mode spreads over all calls.
   */
  @Benchmark
  @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
  public Decision defaultChain(Cursor c) {
    return routeAndRelease(defaultChain, c.nextLead());
  }

  /** {@link #defaultChain} with every event of the lead (its assignment or queueing, its release) in the audit log. */
  @Benchmark
  public Decision defaultChainWithAuditLog(Cursor c) {
    return routeAndRelease(withAuditLog, c.nextLead());
  }

  @Benchmark
  @Threads(2)
  @BenchmarkMode({Mode.SampleTime, Mode.Throughput})
  public Decision defaultChainTwoThreads(Cursor c) {
    return routeAndRelease(defaultChain, c.nextLead());
  }

  /**
   * {@link #defaultChain} with the {@code returning-contact} step second: every lead with an address is looked up,
   * noted with its placement and forgotten at its release (each lead is released at once, so none is found open).
   * What reading contacts costs a decision.
   */
  @Benchmark
  public Decision defaultChainWithReturningContacts(Cursor c) {
    return routeAndRelease(withReturningContacts, c.nextLead());
  }

  /**
   * {@link #defaultChainWithReturningContacts} with {@code same-company} third: each lead's company (the registrable
   * domain of its address) is found, looked up, noted and forgotten at its release. What lead-to-lead matching costs.
   */
  @Benchmark
  public Decision defaultChainWithSameCompany(Cursor c) {
    return routeAndRelease(withSameCompany, c.nextLead());
  }

  /**
   * {@link #defaultChainWithSameCompany} on {@link #colleagueLeads}: the domains recur, as a company's do, so finding a
   * lead's company is a memo hit rather than a public-suffix parse.
   */
  @Benchmark
  public Decision defaultChainWithSameCompanyRecurring(ColleagueCursor c) {
    return routeAndRelease(withSameCompany, c.nextLead());
  }

  /**
   * The default chain on leads as a CRM sends them ({@link #crmLeads}: a job title, a company name and a website
   * each), which the other benchmarks' leads lack: what classifying the title and matching the company cost on top.
   */
  @Benchmark
  public Decision defaultChainCrmLeads(CrmCursor c) {
    return routeAndRelease(defaultChain, c.nextLead());
  }

  /** The straightforward implementation that filters, collects and sorts every candidate (a weak peer). */
  @Benchmark
  public String sortAllCandidates(Cursor c) {
    Lead lead = leads[c.take(leads.length)];
    String where = linear.route(lead);
    linear.release(lead.id());
    return where;
  }

  /** The competent straightforward implementation: one stream pass per stage, filter then max, no sort. */
  @Benchmark
  public String streamMaxBaseline(Cursor c) {
    Lead lead = leads[c.take(leads.length)];
    String where = streamMax.route(lead);
    streamMax.release(lead.id());
    return where;
  }

  /** The weighted step alone with its default scan ({@code bestFirst: auto}). */
  @Benchmark
  public Decision weightedOnly(Cursor c) {
    return routeAndRelease(weighted, leads[c.take(leads.length)]);
  }

  /**
   * {@link #weightedOnly} with a first contact recorded for every lead (1 to 120 minutes after the decision) before
   * its release, so reps' response times keep changing (and converge: every rep gets the same spread of minutes).
   * Compare with {@link #weightedBestFirstWithContacts} and {@link #weightedFullScanWithContacts}.
   */
  @Benchmark
  public Decision weightedWithContacts(Cursor c) {
    return routeContactRelease(weighted, c);
  }

  /** {@link #weightedWithContacts} with {@code bestFirst: false}: every candidate scored, whatever the roster. */
  @Benchmark
  public Decision weightedFullScanWithContacts(Cursor c) {
    return routeContactRelease(weightedFullScan, c);
  }

  /** {@link #weightedWithContacts} with the best-first scan: its order is merged and remade as it goes. */
  @Benchmark
  public Decision weightedBestFirstWithContacts(Cursor c) {
    return routeContactRelease(weightedBestFirst, c);
  }

  private Decision routeContactRelease(Router router, Cursor c) {
    return routeContactRelease(router, leads, c);
  }

  private Decision routeContactRelease(Router router, Lead[] from, Cursor c) {
    int i = c.take(from.length);
    Decision d = router.route(from[i]);
    if (d.repId() != null) {
      // The rep calls 1 to 120 minutes later; the router takes a contact once its time has come.
      clock.advance(60L * (1 + i % 120));
      router.recordContact(d.leadId(), clock.instant());
    }
    router.release(d.leadId());
    return d;
  }

  /** {@link #weightedOnly} with {@code bestFirst: true}: what the best-first scan saves. */
  @Benchmark
  public Decision weightedBestFirst(Cursor c) {
    return routeAndRelease(weightedBestFirst, leads[c.take(leads.length)]);
  }

  /** {@link #weightedOnly} with {@code bestFirst: false}: every candidate scored, whatever the roster. */
  @Benchmark
  public Decision weightedFullScan(Cursor c) {
    return routeAndRelease(weightedFullScan, leads[c.take(leads.length)]);
  }

  @Benchmark
  public Decision roundRobinOnly(Cursor c) {
    return routeAndRelease(roundRobin, leads[c.take(leads.length)]);
  }

  @Benchmark
  public Decision accountOwnerOnly(Cursor c) {
    return routeAndRelease(accountOwner, accountLeads[c.take(accountLeads.length)]);
  }

  /** The fast track alone on Tier 1 leads, with its default reading ({@code bestFirst: auto}). */
  @Benchmark
  public Decision tierFastTrackOnly(Cursor c) {
    return routeAndRelease(tierFastTrack, tier1Leads[c.take(tier1Leads.length)]);
  }

  /** {@link #tierFastTrackOnly} with {@code bestFirst: false}: what the walk in order of response time saves. */
  @Benchmark
  public Decision tierFastTrackFullScan(Cursor c) {
    return routeAndRelease(tierFastTrackFullScan, tier1Leads[c.take(tier1Leads.length)]);
  }

  /**
   * {@link #tierFastTrackOnly} with a first contact recorded for every lead before its release (as
   * {@link #weightedWithContacts}): reps' response times keep changing, so every walk reads the changes since its
   * order was merged. Compare with {@link #tierFastTrackFullScanWithContacts}.
   */
  @Benchmark
  public Decision tierFastTrackWithContacts(Cursor c) {
    return routeContactRelease(tierFastTrack, tier1Leads, c);
  }

  /** {@link #tierFastTrackWithContacts} with {@code bestFirst: false}. */
  @Benchmark
  public Decision tierFastTrackFullScanWithContacts(Cursor c) {
    return routeContactRelease(tierFastTrackFullScan, tier1Leads, c);
  }

  /**
   * A control, not a feature: only what any decision must read of the next lead of the stream, with no routing. The
   * 65,536 leads are met in turn, so each arrives cold, as a lead from a queue or a request does: its id (tested for
   * blanks, hashed for the idempotency window), its address's domain (hashed for the account match) and its routing
   * fields. What this costs is a floor under {@code defaultChain} that no index can lower.
   */
  @Benchmark
  public int coldLeadReadOnly(Cursor c) {
    Lead lead = c.nextLead();
    String id = lead.id();
    int h = id.isBlank() ? 1 : id.hashCode();
    String email = lead.email();
    if (email != null) {
      for (int i = email.indexOf('@') + 1; i < email.length(); i++) {
        h = 31 * h + email.charAt(i);
      }
    }
    h = 31 * h + java.util.Objects.hashCode(lead.country());
    h = 31 * h + java.util.Objects.hashCode(lead.region());
    h = 31 * h + java.util.Objects.hashCode(lead.language());
    h = 31 * h + java.util.Objects.hashCode(lead.industry());
    h = 31 * h + lead.employees().orElse(-1);
    h = 31 * h + lead.icpScore().orElse(-1);
    return 31 * h + lead.source().ordinal();
  }

  @Benchmark
  public long[] qualificationOnly(Cursor c) {
    snapshot.qualify(facts[c.take(facts.length)], scratch, null);
    return scratch;
  }

  /**
   * The system clock, moved on by the time a benchmark says passes (a rep's call 1 to 120 minutes after the decision:
   * a router refuses a contact whose time has not come). Until moved it reads as the system clock, at the same cost
   * but for one volatile read. One writer: the benchmarks that move it run on one thread.
   */
  static final class SteppedClock extends java.time.Clock {
    private volatile long aheadSeconds;

    void advance(long seconds) {
      aheadSeconds = aheadSeconds + seconds;
    }

    @Override
    public java.time.Instant instant() {
      long ahead = aheadSeconds;
      java.time.Instant now = java.time.Instant.now();
      return ahead == 0 ? now : now.plusSeconds(ahead);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("a benchmark's clock reads UTC only");
    }
  }
}
