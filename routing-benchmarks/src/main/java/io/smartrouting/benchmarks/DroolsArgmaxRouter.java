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
import java.util.List;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.utils.KieHelper;

/**
 * The weighted decision as a lean Drools 10 rule set, the way a Drools user who cares about speed writes it
 * ({@code rules/argmax.drl}, executable model): reps and one fact per (rep, territory) inserted once, so that the
 * territory match is an equality join the engine indexes; per lead, the lead is inserted, the rules fire once per
 * qualified rep and offer it to an argmax held in a global (no fact or result object per candidate), and the lead
 * is deleted. Industry preference (specialists, else generalists, else anyone; the account's people
 * always in) is kept by tracking the best of each class. {@link DroolsRouter} (every candidate collected as an
 * object) stays as {@code droolsCollectAll}. {@code DroolsArgmaxAgreementTest} proves it decides as the weighted
 * router does. Single-threaded, like a KieSession.
 */
public final class DroolsArgmaxRouter implements AutoCloseable {

  /**
   * One (rep, territory) pair, inserted once per territory of each rep.
   */
  public static final class TerritoryFact {
    private final String territory;
    private final DroolsRouter.RepFact rep;

    TerritoryFact(String territory, DroolsRouter.RepFact rep) {
      this.territory = territory;
      this.rep = rep;
    }

    public String getTerritory() {
      return territory;
    }

    public DroolsRouter.RepFact getRep() {
      return rep;
    }

    public String getId() {
      return rep.getId();
    }

    public boolean isActive() {
      return rep.isActive();
    }

    public java.util.Set<String> getSegments() {
      return rep.getSegments();
    }

    public java.util.Set<String> getLanguages() {
      return rep.getLanguages();
    }
  }

  /** The best rep of each industry class and of the account's people, for one lead. Reused across leads. */
  public static final class Argmax {
    private final DroolsRouter.RepFact[] best = new DroolsRouter.RepFact[4];
    private final double[] score = new double[4];
    private static final int SPECIALIST = 2;
    private static final int GENERALIST = 1;
    private static final int OTHER = 0;
    private static final int PEOPLE = 3;

    void reset() {
      java.util.Arrays.fill(best, null);
    }

    /** Offers a qualified rep (called from the rule's consequence). */
    public void offer(DroolsRouter.RepFact rep, DroolsRouter.LeadFact lead) {
      double s = score(rep.rep(), lead);
      String industry = lead.lead().industry();
      Rep r = rep.rep();
      int cls = industry == null ? OTHER : r.industries().contains(industry) ? SPECIALIST
          : r.industries().isEmpty() ? GENERALIST : OTHER;
      keep(cls, rep, s);
      if (cls != OTHER) {
        keep(OTHER, rep, s); // OTHER doubles as "anyone"
      }
      if (lead.getAccountPeople().contains(r.id())) {
        keep(PEOPLE, rep, s);
      }
    }

    private void keep(int slot, DroolsRouter.RepFact rep, double s) {
      DroolsRouter.RepFact held = best[slot];
      if (held == null || s > score[slot] || (s == score[slot] && rep.getId().compareTo(held.getId()) < 0)) {
        best[slot] = rep;
        score[slot] = s;
      }
    }

    /** The winner: the best of the best class present, against the account's people. */
    String winner(boolean hasIndustry) {
      int cls = !hasIndustry ? OTHER : best[SPECIALIST] != null ? SPECIALIST : best[GENERALIST] != null ? GENERALIST
          : OTHER;
      int w = cls;
      if (cls != OTHER && best[PEOPLE] != null && (best[w] == null || score[PEOPLE] > score[w]
          || (score[PEOPLE] == score[w] && best[PEOPLE].getId().compareTo(best[w].getId()) < 0))) {
        w = PEOPLE;
      }
      return best[w] == null ? null : best[w].getId();
    }
  }

  private final KieSession session;
  private final Argmax argmax = new Argmax();
  private final AccountDirectory accounts;

  public DroolsArgmaxRouter(List<Rep> reps, List<Account> accountList) {
    String drl;
    try (InputStream in = DroolsArgmaxRouter.class.getResourceAsStream("/rules/argmax.drl")) {
      drl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read rules/argmax.drl", e);
    }
    KieBase base = new KieHelper().addContent(drl, ResourceType.DRL).build(ExecutableModelProject.class);
    this.session = base.newKieSession();
    session.setGlobal("best", argmax);
    for (Rep r : reps) {
      DroolsRouter.RepFact fact = new DroolsRouter.RepFact(r);
      session.insert(fact);
      for (String t : r.territories()) {
        session.insert(new TerritoryFact(t, fact));
      }
    }
    this.accounts = new AccountDirectory(accountList, Router.DEFAULT_FREE_MAIL_DOMAINS);
  }

  /** Routes one lead: the best-scoring qualified rep's id, or null when nobody qualifies. */
  public String route(Lead lead) {
    AccountDirectory.Match m = accounts.match(lead);
    Classification c = Classification.of(lead, m.account, ClassificationPolicy.defaults());
    argmax.reset();
    FactHandle handle = session.insert(new DroolsRouter.LeadFact(lead, c.segment, m.account, m.people));
    session.fireAllRules();
    session.delete(handle);
    return argmax.winner(lead.industry() != null);
  }

  /** The weighted strategy's composite for a rep with no open leads, summed in the router's factor order. */
  static double score(Rep r, DroolsRouter.LeadFact leadFact) {
    Lead lead = leadFact.lead();
    double territory;
    if (lead.country() == null) {
      territory = 0.5;
    } else if ((leadFact.getAccountId() != null && (r.namedAccounts().contains(leadFact.getAccountId())
        || leadFact.getAccountPeople().contains(r.id())))
        || (lead.region() != null && r.territories().contains(leadFact.getCountryRegion()))) {
      territory = 1.0;
    } else if (r.territories().contains(lead.country())) {
      territory = 0.75;
    } else {
      territory = r.territories().contains(Rep.ANY_TERRITORY) ? 0.5 : 0.0;
    }
    double industry = lead.industry() == null ? 0.5
        : r.industries().isEmpty() ? 0.5 : r.industries().contains(lead.industry()) ? 1.0 : 0.0;
    Segment segment = leadFact.segmentValue();
    double seg = r.segments().contains(segment) ? 1.0 : r.segments().isEmpty() ? 0.6 : 0.0;
    double capacity = r.capacity() <= 0 ? 0.0 : 1.0;
    double response = 30.0 / (30.0 + Math.max(0.0, r.responseMinutes()));
    return 0.30 * territory + 0.20 * industry + 0.25 * seg + 0.15 * capacity + 0.10 * response + 0.0 * 0.5;
  }

  @Override
  public void close() {
    session.dispose();
  }
}
