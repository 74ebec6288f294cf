package io.smartrouting.core;

import io.smartrouting.api.Segment;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * How leads are put into tiers and segments. Immutable; {@link #defaults()} gives the documented defaults:
 *
 * <ul>
 *   <li>Tier 1: a demo or contact-sales request, or a title matching an executive pattern (C-level, VP, Head of,
 *       Director, President, Founder; and the same ranks in German, French, Spanish, Portuguese and Italian) outside
 *       any non-executive pattern ({@code Assistant to the CEO}, {@code Product Owner}, interns);</li>
 *   <li>Tier 2: ICP score of 70 or more;</li>
 *   <li>Tier 3: everything else;</li>
 *   <li>segment: enterprise with 1,000+ employees or ARR of 50,000+; mid-market with 200+ employees; else SMB;
 *       with neither employees nor ARR known, {@link #defaultSegment()} (SMB), flagged
 *       {@link io.smartrouting.api.Flag#SEGMENT_DEFAULTED}.</li>
 * </ul>
 */
public final class ClassificationPolicy {

  /**
   * Default executive-title patterns, matched case-insensitively anywhere in the title: English, and the same ranks
   * in the languages the README's example tenant sells in (German {@code Geschäftsführer}, {@code Vorstand}; French
   * {@code Directeur}, {@code PDG}; Spanish and Portuguese {@code Director}, {@code Diretor}, {@code Presidente},
   * {@code Fundador}; Italian {@code Direttore}, {@code Amministratore delegato}), so that a title in the lead's own
   * language is not a Tier 3 lead for that reason alone.
   */
  public static final List<String> DEFAULT_EXECUTIVE_TITLES = List.of(
      "\\bchief\\b", "\\bc[a-z]?[eotfimrs]o\\b", "\\bvp\\b", "\\bsvp\\b", "\\bevp\\b", "\\bvice[ -]president\\b",
      "\\bhead of\\b", "\\bdirector\\b", "\\bpresident\\b", "\\bfounder\\b", "\\bco-founder\\b", "\\bowner\\b",
      "gesch(ä|ae|a)ftsf(ü|ue|u)hrer", "\\bvorstand", "\\bdirecteur\\b", "\\bdirectrice\\b", "\\bpdg\\b",
      "\\bdiretora?\\b", "\\bdirectora\\b", "\\bdirett(ore|rice)\\b", "\\bpresidente\\b", "\\bfundador(a)?\\b",
      "\\bamministratore delegato\\b", "\\bconsejero delegado\\b");

  /**
   * Default non-executive patterns, matched case-insensitively: an executive match that lies wholly inside one of
   * these does not count. They cover the people who work for an executive ({@code Assistant to the CEO},
   * {@code Executive Assistant to the CFO}, {@code EA to the VP Sales}, {@code Assistentin der Geschäftsführung},
   * {@code Assistante du PDG}, {@code Secretaria del Director General}), the agile and data roles named "owner"
   * ({@code Product Owner}; {@code Business Owner} stays an executive) and interns and trainees (any title naming
   * one). An executive word outside them still counts: {@code Product Owner & Co-Founder} is Tier 1.
   */
  public static final List<String> DEFAULT_NON_EXECUTIVE_TITLES = List.of(
      "\\bassistant (to|of)\\b.*", "\\bea (to|of)\\b.*", "\\bpa (to|of)\\b.*", "\\bsecretary (to|of)\\b.*",
      "\\bassisten(t|tin|z)\\b.*", "\\bassistante? (de|du|des)\\b.*", "\\basistente\\b.*", "\\bassistente\\b.*",
      "\\bsecretari[ao]\\b.*", "\\bproduct owner\\b", "\\bprocess owner\\b", "\\bdata owner\\b", "\\bservice owner\\b",
      "\\bcontent owner\\b", "\\bsolution owner\\b", "\\bsystem owner\\b", "\\bapplication owner\\b",
      "\\bbudget owner\\b",
      "^(?=.*\\b(intern|trainee|praktikant(in)?|werkstudent(in)?|stagiaire|becari[ao]|estagi[aá]ri[ao]|tirocinante)\\b)"
          + ".*");

  private static final ClassificationPolicy DEFAULTS = builder().build();

  private final int enterpriseEmployees;
  private final long enterpriseArr;
  private final int midMarketEmployees;
  private final int tier2IcpScore;
  private final List<String> executiveTitles;
  private final Pattern executivePattern;
  private final List<String> nonExecutiveTitles;
  private final @Nullable Pattern nonExecutivePattern;
  private final Segment defaultSegment;

  private ClassificationPolicy(Builder b) {
    this.enterpriseEmployees = b.enterpriseEmployees;
    this.enterpriseArr = b.enterpriseArr;
    this.midMarketEmployees = b.midMarketEmployees;
    this.tier2IcpScore = b.tier2IcpScore;
    this.executiveTitles = List.copyOf(b.executiveTitles);
    this.defaultSegment = b.defaultSegment;
    this.executivePattern = io.smartrouting.core.internal.TitlePatterns.compile(executiveTitles);
    this.nonExecutiveTitles = List.copyOf(b.nonExecutiveTitles);
    this.nonExecutivePattern = nonExecutiveTitles.isEmpty() ? null
        : io.smartrouting.core.internal.TitlePatterns.compile(nonExecutiveTitles);
  }

  /** {@return the documented defaults} */
  public static ClassificationPolicy defaults() {
    return DEFAULTS;
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The one segment rule, used alike by routing, by outcomes and by {@code ConversionModel.warmStart}: enterprise
   * from {@link #enterpriseEmployees()} employees or from {@link #enterpriseArr()} ARR; else mid-market from
   * {@link #midMarketEmployees()} employees; else SMB when either size is known; else {@link #defaultSegment()}.
   *
   * @param employees the company's employees, if known
   * @param arr the annual recurring revenue, if known
   * @return the segment
   */
  public io.smartrouting.api.Segment segmentOf(java.util.OptionalInt employees, java.util.OptionalLong arr) {
    java.util.Objects.requireNonNull(employees, "employees must not be null");
    java.util.Objects.requireNonNull(arr, "arr must not be null");
    if ((employees.isPresent() && employees.getAsInt() >= enterpriseEmployees)
        || (arr.isPresent() && arr.getAsLong() >= enterpriseArr)) {
      return io.smartrouting.api.Segment.ENTERPRISE;
    }
    if (employees.isPresent() && employees.getAsInt() >= midMarketEmployees) {
      return io.smartrouting.api.Segment.MID_MARKET;
    }
    return employees.isPresent() || arr.isPresent() ? io.smartrouting.api.Segment.SMB : defaultSegment();
  }

  /**
   * Employees from which a lead is enterprise.
   *
   * @return the employee count
   */
  public int enterpriseEmployees() {
    return enterpriseEmployees;
  }

  /**
   * ARR from which a lead is enterprise.
   *
   * @return the annual recurring revenue
   */
  public long enterpriseArr() {
    return enterpriseArr;
  }

  /**
   * Employees from which a lead is mid-market.
   *
   * @return the employee count
   */
  public int midMarketEmployees() {
    return midMarketEmployees;
  }

  /**
   * ICP score from which a lead is Tier 2.
   *
   * @return the score, 0 to 100
   */
  public int tier2IcpScore() {
    return tier2IcpScore;
  }

  /**
   * Regular expressions recognising executive titles.
   *
   * @return the patterns
   */
  public List<String> executiveTitles() {
    return executiveTitles;
  }

  /**
   * Segment for leads with neither employees nor ARR.
   *
   * @return the segment
   */
  public Segment defaultSegment() {
    return defaultSegment;
  }

  /**
   * Regular expressions whose matches an executive match must lie outside of to count.
   *
   * @return the patterns
   */
  public List<String> nonExecutiveTitles() {
    return nonExecutiveTitles;
  }

  /**
   * True if {@code title} has an executive match outside every non-executive match, as written or without dots
   * ({@code C.E.O.}, {@code V.P.}). The answers for the last titles seen are remembered (at most
   * {@value #REMEMBERED_TITLES}, one slot per title hash, so memory stays bounded): matching the patterns takes about a
   * microsecond for a title not seen before (as much as the rest of a decision), a remembered one about 13 ns, and
   * titles repeat.
   *
   * @param title a lead's job title
   * @return whether it names an executive
   */
  public boolean isExecutiveTitle(String title) {
    int h = title.hashCode();
    int slot = (h ^ (h >>> 16)) & (REMEMBERED_TITLES - 1);
    KnownTitle known = knownTitles[slot];
    if (known != null && known.title.equals(title)) {
      return known.executive;
    }
    boolean executive = executive(title) || title.indexOf('.') >= 0 && executive(title.replace(".", ""));
    // A racy write of an immutable entry: another thread sees this one or an older one, never a torn one.
    knownTitles[slot] = new KnownTitle(title, executive);
    return executive;
  }

  /** How many titles' answers {@link #isExecutiveTitle} remembers at most. */
  static final int REMEMBERED_TITLES = 1024;

  private final KnownTitle[] knownTitles = new KnownTitle[REMEMBERED_TITLES];

  /** A title and whether it is executive (final fields: safely published through the racy array write). */
  private static final class KnownTitle {
    final String title;
    final boolean executive;

    KnownTitle(String title, boolean executive) {
      this.title = title;
      this.executive = executive;
    }
  }

  private boolean executive(String title) {
    Matcher m = executivePattern.matcher(title);
    if (!m.find()) {
      return false;
    }
    if (nonExecutivePattern == null) {
      return true;
    }
    Matcher veto = nonExecutivePattern.matcher(title);
    if (!veto.find()) {
      return true;
    }
    // Both kinds matched (rare): an executive match counts unless a non-executive match holds all of it.
    int[] spans = new int[8];
    int count = 0;
    do {
      if (count == spans.length) {
        spans = java.util.Arrays.copyOf(spans, count * 2);
      }
      spans[count++] = veto.start();
      spans[count++] = veto.end();
    } while (veto.find());
    do {
      boolean held = false;
      for (int i = 0; i < count && !held; i += 2) {
        held = spans[i] <= m.start() && m.end() <= spans[i + 1];
      }
      if (!held) {
        return true;
      }
    } while (m.find());
    return false;
  }

  /** Builds {@link ClassificationPolicy} instances. Not thread-safe. */
  public static final class Builder {
    private int enterpriseEmployees = 1000;
    private long enterpriseArr = 50_000;
    private int midMarketEmployees = 200;
    private int tier2IcpScore = 70;
    private List<String> executiveTitles = DEFAULT_EXECUTIVE_TITLES;
    private List<String> nonExecutiveTitles = DEFAULT_NON_EXECUTIVE_TITLES;
    private Segment defaultSegment = Segment.SMB;

    private Builder() {}

    /**
     * Employees from which a lead is enterprise (default 1,000).
     *
     * @param value the employee count
     * @return this builder
     */
    public Builder enterpriseEmployees(int value) {
      this.enterpriseEmployees = value;
      return this;
    }

    /**
     * ARR from which a lead is enterprise (default 50,000).
     *
     * @param value the annual recurring revenue
     * @return this builder
     */
    public Builder enterpriseArr(long value) {
      this.enterpriseArr = value;
      return this;
    }

    /**
     * Employees from which a lead is mid-market (default 200).
     *
     * @param value the employee count
     * @return this builder
     */
    public Builder midMarketEmployees(int value) {
      this.midMarketEmployees = value;
      return this;
    }

    /**
     * ICP score from which a lead is Tier 2 (default 70).
     *
     * @param value the score, 0 to 100
     * @return this builder
     */
    public Builder tier2IcpScore(int value) {
      this.tier2IcpScore = value;
      return this;
    }

    /**
     * Regular expressions for executive titles, replacing the defaults.
     *
     * @param patterns the regular expressions
     * @return this builder
     */
    public Builder executiveTitles(List<String> patterns) {
      this.executiveTitles = List.copyOf(patterns);
      return this;
    }

    /**
     * Regular expressions for titles, or parts of titles, that are not executive although they name one
     * ({@code Assistant to the CEO}), replacing the defaults ({@link #DEFAULT_NON_EXECUTIVE_TITLES}); an empty list
     * turns them off.
     *
     * @param patterns the regular expressions
     * @return this builder
     */
    public Builder nonExecutiveTitles(List<String> patterns) {
      this.nonExecutiveTitles = List.copyOf(patterns);
      return this;
    }

    /**
     * Segment for leads with neither employees nor ARR (default SMB).
     *
     * @param segment the segment
     * @return this builder
     */
    public Builder defaultSegment(Segment segment) {
      this.defaultSegment = Objects.requireNonNull(segment, "defaultSegment");
      return this;
    }

    /**
     * Validates and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException naming the field: negative thresholds, mid-market above enterprise,
     *     ICP threshold outside 0..100, an invalid title pattern (executive or non-executive)
     */
    public ClassificationPolicy build() {
      if (enterpriseEmployees < 0 || midMarketEmployees < 0 || enterpriseArr < 0) {
        throw new IllegalArgumentException("classification thresholds must be >= 0 but were enterpriseEmployees="
            + enterpriseEmployees + ", midMarketEmployees=" + midMarketEmployees + ", enterpriseArr="
            + enterpriseArr);
      }
      if (midMarketEmployees > enterpriseEmployees) {
        throw new IllegalArgumentException("classification.midMarketEmployees (" + midMarketEmployees
            + ") must not exceed enterpriseEmployees (" + enterpriseEmployees + ")");
      }
      if (tier2IcpScore < 0 || tier2IcpScore > 100) {
        throw new IllegalArgumentException("classification.tier2IcpScore must be within 0..100 but was "
            + tier2IcpScore);
      }
      for (String p : executiveTitles) {
        try {
          Pattern.compile(p);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("classification.executiveTitles has an invalid pattern '" + p + "'",
              e);
        }
      }
      for (String p : nonExecutiveTitles) {
        try {
          Pattern.compile(p);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("classification.nonExecutiveTitles has an invalid pattern '" + p
              + "'", e);
        }
      }
      return new ClassificationPolicy(this);
    }
  }
}
