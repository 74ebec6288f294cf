package io.smartrouting.core.expr;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A condition on a lead, compiled once from an expression such as
 * {@code industry IN ['healthcare', 'finance'] AND employees >= 1000}, used as a chain step's {@code when}: the step
 * runs only for leads it holds for.
 *
 * <p>Fields: {@code country region postal_code industry language title source company email_domain account} (text;
 * {@code source} is a {@link io.smartrouting.api.LeadSource} name, {@code account} the matched account's id),
 * {@code employees arr
 * icp tier} (numbers; {@code tier} is 1, 2 or 3), {@code segment} (text: {@code ENTERPRISE}, {@code MID_MARKET},
 * {@code SMB}), {@code sales_qualified} and {@code free_mail} (true/false; {@code free_mail}: the address is at a
 * free-mail provider of the router's list, {@code Router.Builder.freeMailDomains}; missing without an address) and
 * {@code attributes.<key>} (the lead's custom attributes, text, compared as numbers when given a number). Operators:
 * {@code = != < <= > >= IN NOT IN HAS CONTAINS STARTS WITH ENDS WITH IS MISSING IS PRESENT} (the text operators take a
 * string or a list, any of which may match, and may follow NOT), joined with {@code AND OR NOT} and parentheses. Text
 * comparisons ignore case; a missing value makes every comparison false, negated ones too.
 *
 * <p>Immutable and thread-safe. {@link #parse} reports every problem with its column (see
 * {@link ExpressionException}).
 */
public final class LeadCondition {

  /** A condition written in Java, for {@link #of(String, Predicate)}. */
  @FunctionalInterface
  public interface Predicate {
    /**
     * True if the condition holds for {@code lead}, classified as {@code tier} and {@code segment}.
     *
     * @param lead the lead
     * @param tier its tier
     * @param segment its segment
     * @param accountId its account's id, or null
     * @return whether the condition holds
     */
    boolean test(Lead lead, Tier tier, Segment segment, @Nullable String accountId);
  }

  /** What a condition is evaluated on: the lead, what the router made of it, and the router's free-mail domains. */
  record Input(Lead lead, Tier tier, Segment segment, @Nullable String accountId,
      java.util.Set<String> freeMailDomains) {}

  private static final Map<String, Compiler.Field<Input>> FIELDS = new LinkedHashMap<>();
  private static final Map<String, Function<String, Compiler.Field<Input>>> PREFIXED = Map.of(
      "attributes", key -> text(in -> in.lead().attributes().get(key)));

  static {
    FIELDS.put("country", text(in -> in.lead().country()).normalising(io.smartrouting.api.Codes::country));
    FIELDS.put("region", text(in -> in.lead().region()).normalising(io.smartrouting.api.Codes::region));
    FIELDS.put("postal_code", text(in -> in.lead().postalCode()).normalising(io.smartrouting.api.Codes::postalCode));
    FIELDS.put("industry", text(in -> in.lead().industry()));
    FIELDS.put("language", text(in -> in.lead().language()).normalising(io.smartrouting.api.Codes::language));
    FIELDS.put("title", text(in -> in.lead().title()));
    FIELDS.put("source", text(in -> in.lead().source().name()).oneOf(io.smartrouting.api.LeadSource.values()));
    FIELDS.put("company", text(in -> in.lead().companyName()));
    FIELDS.put("email_domain", text(in -> domain(in.lead().email())));
    FIELDS.put("account", text(Input::accountId));
    FIELDS.put("segment", text(in -> in.segment().name()).oneOf(io.smartrouting.api.Segment.values()));
    FIELDS.put("employees", number(in -> in.lead().employees().isPresent() ? in.lead().employees().getAsInt()
        : null).wholeNumbers(0, Long.MAX_VALUE));
    FIELDS.put("arr", number(in -> in.lead().annualRecurringRevenue().isPresent()
        ? in.lead().annualRecurringRevenue().getAsLong() : null).wholeNumbers(0, Long.MAX_VALUE));
    FIELDS.put("icp", number(in -> in.lead().icpScore().isPresent() ? in.lead().icpScore().getAsInt() : null)
        .wholeNumbers(0, 100));
    FIELDS.put("tier", number(in -> in.tier().number()).wholeNumbers(1, 3));
    FIELDS.put("sales_qualified", new Compiler.Field<>(Compiler.Type.BOOLEAN, in -> in.lead().salesQualified()));
    FIELDS.put("free_mail", new Compiler.Field<>(Compiler.Type.BOOLEAN,
        in -> io.smartrouting.core.internal.AccountDirectory.isFreeMail(in.lead().email(), in.freeMailDomains())));
  }

  private final String text;
  private final Compiler.Node<Input> node;
  private final Map<String, java.util.Set<String>> compared;
  /** For an expression, the CRM source names it reads (by their key), empty when none; null for a Java condition. */
  private final @Nullable Map<String, String> sourceNames;

  private LeadCondition(String text, Compiler.Node<Input> node) {
    this(text, node, Map.of(), null);
  }

  private LeadCondition(String text, Compiler.Node<Input> node, Map<String, java.util.Set<String>> compared,
      @Nullable Map<String, String> sourceNames) {
    this.text = text;
    this.node = node;
    this.compared = compared;
    this.sourceNames = sourceNames;
  }

  private static LeadCondition compiled(String text, Map<String, Compiler.Field<Input>> fields,
      Map<String, String> sourceNames) {
    Compiler<Input> c = new Compiler<>("lead", fields, PREFIXED, text);
    Compiler.Node<Input> node = c.compile();
    return new LeadCondition(text, node, c.compared(), Map.copyOf(sourceNames));
  }

  /**
   * The strings this condition compares lead field {@code field} with by {@code =}, {@code !=} or {@code IN}, as it
   * reads them (codes in their form: {@code country = 'USA'} gives {@code US}), for checking them against a roster or
   * an account list before the condition goes live (the configuration's warnings do). Empty for a field it does not
   * compare so, and for a condition written in Java.
   *
   * @param field a lead field's name, such as {@code industry} or {@code account}
   * @return the strings, in the order written
   */
  public java.util.Set<String> comparedValues(String field) {
    Objects.requireNonNull(field, "field must not be null");
    return compared.getOrDefault(field.toLowerCase(Locale.ROOT), java.util.Set.of());
  }

  /**
   * Compiles {@code expression}.
   *
   * @param expression the condition's text
   * @return the condition
   * @throws ExpressionException if it does not parse, names an unknown field, or compares a field with a value of
   *     the wrong kind; the message gives the column and a caret under it
   */
  public static LeadCondition parse(String expression) {
    Objects.requireNonNull(expression, "expression must not be null");
    return compiled(expression, FIELDS, Map.of());
  }

  /**
   * Compiles {@code expression}, where {@code source} may also be compared with a CRM's own lead-source values, each
   * read as the source it stands for ({@code sourceNames}, as a configuration's {@code lead_sources} names them:
   * {@code source = 'Webinar'} holds for a lead of source {@code CONTENT} when {@code Webinar} stands for it). Values
   * are matched ignoring case, surrounding blanks, and blanks, hyphens or underscores between words.
   *
   * @param expression the condition's text
   * @param sourceNames a CRM's own lead-source values and the source each stands for
   * @return the condition
   * @throws ExpressionException as {@link #parse(String)}
   * @throws NullPointerException if an argument, a name or a source is null
   */
  public static LeadCondition parse(String expression, Map<String, io.smartrouting.api.LeadSource> sourceNames) {
    Objects.requireNonNull(expression, "expression must not be null");
    Objects.requireNonNull(sourceNames, "sourceNames must not be null");
    if (sourceNames.isEmpty()) {
      return parse(expression);
    }
    Map<String, String> byKey = new java.util.HashMap<>();
    sourceNames.forEach((name, source) -> byKey.put(sourceKey(Objects.requireNonNull(name, "a source name")),
        Objects.requireNonNull(source, "the source of '" + name + "'").name()));
    Map<String, Compiler.Field<Input>> fields = new LinkedHashMap<>(FIELDS);
    fields.put("source", FIELDS.get("source").normalising(v -> byKey.getOrDefault(sourceKey(v), v)));
    return compiled(expression, fields, byKey);
  }

  private static String sourceKey(String value) {
    return value.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  /**
   * A condition written in Java rather than as an expression; {@code description} is what explanations show.
   *
   * @param description what explanations show
   * @param predicate the test
   * @return the condition
   */
  public static LeadCondition of(String description, Predicate predicate) {
    Objects.requireNonNull(description, "description must not be null");
    Objects.requireNonNull(predicate, "predicate must not be null");
    return new LeadCondition(description, in -> predicate.test(in.lead(), in.tier(), in.segment(), in.accountId()));
  }

  /**
   * True if the condition holds for {@code lead}, classified as {@code tier} and {@code segment}, with
   * {@code free_mail} read by {@link io.smartrouting.core.Router#DEFAULT_FREE_MAIL_DOMAINS}.
   *
   * @param lead the lead
   * @param tier its tier
   * @param segment its segment
   * @param accountId its account's id, or null
   * @return whether the condition holds
   */
  public boolean test(Lead lead, Tier tier, Segment segment, @Nullable String accountId) {
    return test(lead, tier, segment, accountId, io.smartrouting.core.Router.DEFAULT_FREE_MAIL_DOMAINS);
  }

  /**
   * True if the condition holds for {@code lead}, classified as {@code tier} and {@code segment}, with
   * {@code free_mail} read by {@code freeMailDomains} (lower case; a router passes its own list).
   *
   * @param lead the lead
   * @param tier its tier
   * @param segment its segment
   * @param accountId its account's id, or null
   * @param freeMailDomains the free-mail domains
   * @return whether the condition holds
   */
  public boolean test(Lead lead, Tier tier, Segment segment, @Nullable String accountId,
      java.util.Set<String> freeMailDomains) {
    return node.test(new Input(lead, tier, segment, accountId, freeMailDomains));
  }

  /** {@return the fields a lead condition may name (plus {@code attributes.<key>})} */
  public static java.util.Set<String> fields() {
    return java.util.Collections.unmodifiableSet(FIELDS.keySet());
  }

  /** {@return the expression as written} */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Equal to another condition that holds for the same leads by construction: an expression of the same text read
   * with the same CRM source names, or the same condition written in Java.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof LeadCondition)) {
      return false;
    }
    LeadCondition other = (LeadCondition) o;
    return sourceNames == null || other.sourceNames == null ? node == other.node
        : text.equals(other.text) && sourceNames.equals(other.sourceNames);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static Compiler.Field<Input> text(Function<Input, @Nullable Object> read) {
    return new Compiler.Field<>(Compiler.Type.TEXT, read);
  }

  private static Compiler.Field<Input> number(Function<Input, @Nullable Object> read) {
    return new Compiler.Field<>(Compiler.Type.NUMBER, read);
  }

  private static @Nullable String domain(@Nullable String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    return at < 0 || at == email.length() - 1 ? null : email.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
