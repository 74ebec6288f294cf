package io.smartrouting.config.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a file of open leads has beside a lead's fields (where each lead stands: its rep or queue, since when, its
 * first contact), the names CRM exports give those columns, and the messages for them. Not API.
 */
public final class OpenLeads {

  private OpenLeads() {}

  /** The columns of a file of open leads beside a lead's. */
  public static final Set<String> COLUMNS = Set.of("rep", "queue", "since", "contacted_at", "first_contact_deadline",
      "first_routed_at", "missed_deadlines", "earlier_holders");

  /** The message for an open lead with neither a rep nor a queue. */
  public static final String NO_PLACE = "an open lead needs 'rep' (the rep holding it) or 'queue' (the queue it waits"
      + " in)";

  /** What {@code since} is, for a message saying it is missing. */
  public static final String SINCE = "when the lead was given to its rep or put in its queue, as 2026-12-01T09:30:00Z";

  /**
   * Header names CRM exports use for the columns ({@link CsvTable#headerKey} form), each to the column it names. A
   * CRM's owner may be a person or a queue; it is read as a rep's id, and a queue goes in {@code queue}.
   */
  public static final Map<String, String> CRM_NAMES = Map.ofEntries(Map.entry("owner", "rep"),
      Map.entry("lead owner", "rep"), Map.entry("owner id", "rep"), Map.entry("lead owner id", "rep"),
      Map.entry("assigned to", "rep"), Map.entry("rep id", "rep"), Map.entry("queue name", "queue"),
      Map.entry("assigned at", "since"), Map.entry("date assigned", "since"), Map.entry("assigned date", "since"),
      Map.entry("owner assigned date", "since"), Map.entry("contacted", "contacted_at"),
      Map.entry("first contacted", "contacted_at"), Map.entry("first contacted at", "contacted_at"),
      Map.entry("first contact", "contacted_at"), Map.entry("first contact date", "contacted_at"));

  private static final Pattern SPACE_FOR_T = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}.*)");
  private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?");

  /**
   * An instant as a file of open leads writes it: ISO 8601 with {@code Z} or an offset ({@code 2026-12-01T09:30:00Z},
   * {@code 2026-12-01T10:30:00+01:00}), the {@code T} also written as a space as spreadsheets do.
   *
   * @throws IllegalArgumentException saying how to write one; a time without a zone is refused (it names no instant)
   */
  public static Instant instant(String written) {
    String text = written.trim();
    java.util.regex.Matcher m = SPACE_FOR_T.matcher(text);
    if (m.matches()) {
      text = m.group(1) + "T" + m.group(2);
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      if (LOCAL.matcher(written.trim()).matches()) {
        throw new IllegalArgumentException("'" + written.trim() + "' has no time zone, so it names no instant: write"
            + " it in UTC (2026-12-01T09:30:00Z) or with its offset (2026-12-01T10:30:00+01:00)");
      }
      throw new IllegalArgumentException("'" + written.trim() + "' is not an instant: write it as"
          + " 2026-12-01T09:30:00Z (or with an offset, +01:00)");
    }
  }

  /** The message for an open lead held by {@code rep}, who is not one of {@code repIds}. */
  public static String notOnRoster(String rep, Collection<String> repIds) {
    String closest = Names.closest(rep, repIds);
    return "no rep with id '" + rep + "' in the configuration's reps" + (closest == null ? "" : "; did you mean '"
        + closest + "'?") + " (a lead held by someone who does not route: leave it out, or put it in a 'queue')";
  }
}
