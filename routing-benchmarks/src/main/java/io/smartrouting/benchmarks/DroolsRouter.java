package io.smartrouting.benchmarks;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.utils.KieHelper;

/**
 * Qualification and weighted scoring written as Drools rules ({@code rules/routing.drl}): the reps are inserted
 * once into a session; each lead is inserted, the rules fire (every qualified rep is scored), and the lead is
 * retracted. The industry preference and the pick of the best score are done in Java over the rule results, the
 * scoring formula is the weighted strategy's, so the decision equals a router whose chain is {@code weighted}.
 * Single-threaded, like a KieSession.
 */
public final class DroolsRouter implements AutoCloseable {

  /** A rep as a fact. */
  public static final class RepFact {
    private final Rep rep;
    private final Set<String> segments = new HashSet<>();

    RepFact(Rep rep) {
      this.rep = rep;
      for (Segment s : rep.segments()) {
        segments.add(s.name());
      }
    }

    public String getId() {
      return rep.id();
    }

    public boolean isActive() {
      return rep.active();
    }

    public Set<String> getTerritories() {
      return rep.territories();
    }

    public Set<String> getNamedAccounts() {
      return rep.namedAccounts();
    }

    public Set<String> getSegments() {
      return segments;
    }

    public Set<String> getLanguages() {
      return rep.languages();
    }

    public Rep rep() {
      return rep;
    }
  }

  /** A lead as a fact. */
  public static final class LeadFact {
    private final Lead lead;
    private final String segment;
    private final Segment segmentValue;
    private final String accountId;
    private final Set<String> accountPeople;

    LeadFact(Lead lead, Segment segment, Account account, Set<String> people) {
      this.lead = lead;
      this.segment = segment.name();
      this.segmentValue = segment;
      this.accountId = account == null ? null : account.id();
      this.accountPeople = people;
    }

    public String getCountry() {
      return lead.country();
    }

    public String getCountryRegion() {
      return lead.country() != null && lead.region() != null ? lead.country() + "-" + lead.region() : null;
    }

    public String getSegment() {
      return segment;
    }

    Segment segmentValue() {
      return segmentValue;
    }

    public String getLanguage() {
      return lead.language();
    }

    public String getAccountId() {
      return accountId;
    }

    public Set<String> getAccountPeople() {
      return accountPeople;
    }

    public Lead lead() {
      return lead;
    }
  }

  /** A scored, qualified rep. */
  public static final class Scored {
    final RepFact rep;
    final double composite;

    public Scored(RepFact rep, double composite) {
      this.rep = rep;
      this.composite = composite;
    }
  }

  private final KieSession session;
  private final List<Scored> results = new ArrayList<>();
  private final AccountDirectory accounts;

  public DroolsRouter(List<Rep> reps, List<Account> accounts) {
    String drl;
    try (InputStream in = DroolsRouter.class.getResourceAsStream("/rules/routing.drl")) {
      drl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read rules/routing.drl", e);
    }
    KieBase base = new KieHelper().addContent(drl, ResourceType.DRL).build(ExecutableModelProject.class);
    this.session = base.newKieSession();
    session.setGlobal("results", results);
    for (Rep r : reps) {
      session.insert(new RepFact(r));
    }
    this.accounts = new AccountDirectory(accounts, Router.DEFAULT_FREE_MAIL_DOMAINS);
  }

  /** Routes one lead: the best-scoring qualified rep's id, or null when nobody qualifies. */
  public String route(Lead lead) {
    AccountDirectory.Match m = accounts.match(lead);
    Classification c = Classification.of(lead, m.account, ClassificationPolicy.defaults());
    LeadFact fact = new LeadFact(lead, c.segment, m.account, m.people);
    results.clear();
    FactHandle handle = session.insert(fact);
    session.fireAllRules();
    session.delete(handle);
    List<Scored> pool = prefer(results, lead.industry(), m.people);
    Scored best = null;
    for (Scored s : pool) {
      if (best == null || s.composite > best.composite
          || (s.composite == best.composite && s.rep.getId().compareTo(best.rep.getId()) < 0)) {
        best = s;
      }
    }
    return best == null ? null : best.rep.getId();
  }

  /** Specialists, else generalists, else all; the account's people stay in whatever the industry. */
  private static List<Scored> prefer(List<Scored> all, String industry, Set<String> people) {
    if (industry == null) {
      return all;
    }
    List<Scored> specialists = new ArrayList<>();
    List<Scored> generalists = new ArrayList<>();
    for (Scored s : all) {
      if (s.rep.rep().industries().contains(industry)) {
        specialists.add(s);
      } else if (s.rep.rep().industries().isEmpty()) {
        generalists.add(s);
      }
    }
    List<Scored> pool = !specialists.isEmpty() ? specialists : !generalists.isEmpty() ? generalists : all;
    if (pool != all && !people.isEmpty()) {
      for (Scored s : all) {
        if (people.contains(s.rep.getId()) && !pool.contains(s)) {
          pool.add(s);
        }
      }
    }
    return pool;
  }

  /** The weighted strategy's composite for a rep with no open leads (the benchmark releases every lead). */
  public static double score(RepFact fact, LeadFact leadFact) {
    Rep r = fact.rep();
    Lead lead = leadFact.lead();
    double[] s = new double[6];
    if (lead.country() == null) {
      s[0] = Double.NaN;
    } else if ((leadFact.getAccountId() != null && (r.namedAccounts().contains(leadFact.getAccountId())
        || leadFact.getAccountPeople().contains(r.id())))
        || (lead.region() != null && r.territories().contains(leadFact.getCountryRegion()))) {
      s[0] = 1.0;
    } else if (r.territories().contains(lead.country())) {
      s[0] = 0.75;
    } else {
      s[0] = r.territories().contains(Rep.ANY_TERRITORY) ? 0.5 : 0.0;
    }
    if (lead.industry() == null) {
      s[1] = Double.NaN;
    } else {
      s[1] = r.industries().isEmpty() ? 0.5 : r.industries().contains(lead.industry()) ? 1.0 : 0.0;
    }
    Segment segment = Segment.valueOf(leadFact.getSegment());
    s[2] = r.segments().contains(segment) ? 1.0 : r.segments().isEmpty() ? 0.6 : 0.0;
    s[3] = r.capacity() <= 0 ? 0.0 : 1.0;
    s[4] = 30.0 / (30.0 + Math.max(0.0, r.responseMinutes()));
    s[5] = Double.NaN;
    double[] w = {0.30, 0.20, 0.25, 0.15, 0.10, 0.0};
    double composite = 0;
    for (int i = 0; i < s.length; i++) {
      composite += w[i] * (Double.isNaN(s[i]) ? 0.5 : s[i]);
    }
    return composite;
  }

  @Override
  public void close() {
    session.dispose();
  }
}
