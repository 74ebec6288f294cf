package io.smartrouting.config.internal;

import java.util.Map;
import java.util.Set;

/** The fields of a lead in a CSV file of leads, and the names CRM exports give them. */
public final class LeadColumns {

  private LeadColumns() {}

  /** The columns a CSV file of leads may have. */
  public static final Set<String> COLUMNS = Set.of("id", "email", "company", "website", "country", "region",
      "postal_code", "industry", "employees", "arr", "language", "source", "title", "icp", "sales_qualified");

  /**
   * Header names CRM exports use for the columns ({@link CsvTable#headerKey} form: {@code State/Province} is
   * {@code state province}), each to the column it names. Only names that cannot mean anything else: a company's
   * annual revenue is not the lead's ARR, and a size band such as {@code 51-200} is not a number of employees.
   */
  public static final Map<String, String> CRM_NAMES = crmNames("id", "lead id", "record id", "contact id",
      "email", "email address", "e mail", "work email", "company", "company name", "account name", "organization",
      "organisation", "website", "company website", "website url", "domain", "company domain name", "country",
      "country region", "country name", "mailing country", "region", "state", "state province", "state region",
      "province", "mailing state", "postal_code", "postal code", "postcode", "zip", "zip code", "zip postal code",
      "mailing zip postal code", "employees", "no of employees", "number of employees", "employee count",
      "language", "preferred language", "source", "lead source", "original source", "title", "job title", "icp",
      "icp score", "sales_qualified", "sales qualified");

  /**
   * The lead field a key that is not one names as CRM exports name it ({@code State/Province}, {@code zip},
   * {@code Job Title}), or null.
   */
  public static @org.jspecify.annotations.Nullable String fieldNamedBy(String key) {
    return CRM_NAMES.get(CsvTable.headerKey(key));
  }

  /** {@code column, name, name, ..., column, name ...}: an entry that is a column starts its group. */
  private static Map<String, String> crmNames(String... groups) {
    Map<String, String> out = new java.util.HashMap<>();
    String column = null;
    for (String g : groups) {
      if (COLUMNS.contains(g)) {
        column = g;
      } else {
        out.put(g, column);
      }
    }
    return Map.copyOf(out);
  }
}
