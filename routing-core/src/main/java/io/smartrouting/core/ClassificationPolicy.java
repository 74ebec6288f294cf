package io.smartrouting.core;

import io.smartrouting.api.Segment;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How leads are put into tiers and segments. Immutable; {@link #defaults()} gives the documented defaults:
 *
 * <ul>
 *   <li>Tier 1: a demo or contact-sales request, or a title matching an executive pattern (C-level, VP, Head of,
 *       Director, President, Founder; and the same ranks in German, French, Spanish, Portuguese and Italian);</li>
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

  private static final ClassificationPolicy DEFAULTS = builder().build();

  private final int enterpriseEmployees;
  private final long enterpriseArr;
  private final int midMarketEmployees;
  private final int tier2IcpScore;
  private final List<String> executiveTitles;
  private final Pattern executivePattern;
  private final Segment defaultSegment;

  private ClassificationPolicy(Builder b) {
    this.enterpriseEmployees = b.enterpriseEmployees;
    this.enterpriseArr = b.enterpriseArr;
    this.midMarketEmployees = b.midMarketEmployees;
    this.tier2IcpScore = b.tier2IcpScore;
    this.executiveTitles = List.copyOf(b.executiveTitles);
    this.defaultSegment = b.defaultSegment;
    String joined = String.join("|", executiveTitles);
    this.executivePattern = executiveTitles.isEmpty() ? Pattern.compile("(?!)")
        : Pattern.compile(joined, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** The documented defaults. */
  public static ClassificationPolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
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

  /** Employees from which a lead is enterprise. */
  public int enterpriseEmployees() {
    return enterpriseEmployees;
  }

  /** ARR from which a lead is enterprise. */
  public long enterpriseArr() {
    return enterpriseArr;
  }

  /** Employees from which a lead is mid-market. */
  public int midMarketEmployees() {
    return midMarketEmployees;
  }

  /** ICP score from which a lead is Tier 2. */
  public int tier2IcpScore() {
    return tier2IcpScore;
  }

  /** Regular expressions recognising executive titles. */
  public List<String> executiveTitles() {
    return executiveTitles;
  }

  /** Segment for leads with neither employees nor ARR. */
  public Segment defaultSegment() {
    return defaultSegment;
  }

  /** True if {@code title} matches an executive pattern, as written or without dots ({@code C.E.O.}, {@code V.P.}). */
  public boolean isExecutiveTitle(String title) {
    return executivePattern.matcher(title).find()
        || title.indexOf('.') >= 0 && executivePattern.matcher(title.replace(".", "")).find();
  }

  /** Builds {@link ClassificationPolicy} instances. Not thread-safe. */
  public static final class Builder {
    private int enterpriseEmployees = 1000;
    private long enterpriseArr = 50_000;
    private int midMarketEmployees = 200;
    private int tier2IcpScore = 70;
    private List<String> executiveTitles = DEFAULT_EXECUTIVE_TITLES;
    private Segment defaultSegment = Segment.SMB;

    private Builder() {}

    /** Employees from which a lead is enterprise (default 1,000). */
    public Builder enterpriseEmployees(int value) {
      this.enterpriseEmployees = value;
      return this;
    }

    /** ARR from which a lead is enterprise (default 50,000). */
    public Builder enterpriseArr(long value) {
      this.enterpriseArr = value;
      return this;
    }

    /** Employees from which a lead is mid-market (default 200). */
    public Builder midMarketEmployees(int value) {
      this.midMarketEmployees = value;
      return this;
    }

    /** ICP score from which a lead is Tier 2 (default 70). */
    public Builder tier2IcpScore(int value) {
      this.tier2IcpScore = value;
      return this;
    }

    /** Regular expressions for executive titles, replacing the defaults. */
    public Builder executiveTitles(List<String> patterns) {
      this.executiveTitles = List.copyOf(patterns);
      return this;
    }

    /** Segment for leads with neither employees nor ARR (default SMB). */
    public Builder defaultSegment(Segment segment) {
      this.defaultSegment = Objects.requireNonNull(segment, "defaultSegment");
      return this;
    }

    /**
     * Validates and builds the policy.
     *
     * @throws IllegalArgumentException naming the field: negative thresholds, mid-market above enterprise,
     *     ICP threshold outside 0..100, an invalid title pattern
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
      return new ClassificationPolicy(this);
    }
  }
}
