package io.smartrouting.config;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import io.smartrouting.config.internal.CsvTable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads reps and accounts from CSV exports, as a routing configuration's {@code roster_file} and {@code
 * accounts_file} do. Lists within a cell are separated by {@code ;} (territories, languages, segments and domains,
 * which hold no comma, by {@code ,} too, as a quoted spreadsheet cell lists them).
 *
 * <ul>
 *   <li>reps: {@code id,name,team,role,manager,territories,named_accounts,industries,segments,languages,time_zone,
 *       working_hours,holidays,time_off,capacity,daily_cap,weekly_cap,monthly_cap,weight,response_minutes,
 *       active} (only {@code id} is
 *       required; working hours as in the configuration, shifts separated by {@code ;}:
 *       {@code MON-FRI 09:00-17:00;SAT 10:00-12:00};
 *       holidays as dates, dates with hours for a short day and, read through a configuration, names of its
 *       holiday calendars: {@code US;2026-12-24 09:00-12:00;2026-12-31}; time off as periods, dates in the rep's
 *       time zone: {@code 2026-12-21 to 2027-01-03: vacation;2027-02-12});</li>
 *   <li>accounts: {@code id,name,domains,owner,team,backup,ae,parent,industry,employees,arr,tier} ({@code id} and
 *       {@code name} required).</li>
 * </ul>
 * Header names are read trimmed and in lower case; a column not listed here, or named twice, fails the file (a
 * misspelt header would otherwise lose its values without a word). A bad row fails the whole file with the source,
 * line and column.
 */
public final class RosterFiles {

  private RosterFiles() {}

  /** The columns a reps file may have. */
  static final Set<String> REP_COLUMNS = Set.of("id", "name", "team", "role", "manager", "territories",
      "named_accounts", "industries", "segments", "languages", "time_zone", "working_hours", "holidays", "time_off",
      "capacity", "daily_cap", "weekly_cap", "monthly_cap", "weight", "response_minutes", "active");
  /** The columns an accounts file may have. */
  static final Set<String> ACCOUNT_COLUMNS = Set.of("id", "name", "domains", "owner", "team", "backup", "ae", "parent",
      "industry", "employees", "arr", "tier");

  /**
   * Reps from CSV.
   *
   * @param reader the CSV text
   * @param source its name, for errors
   * @return the reps
   * @throws IOException if the reader fails
   * @throws IllegalArgumentException naming {@code source}, the line and the column of the first bad value
   */
  public static List<Rep> reps(Reader reader, String source) throws IOException {
    return reps(reader, source, java.util.Map.of(), java.util.Map.of());
  }

  /**
   * Reps from CSV as a routing configuration reads its {@code roster_file}: {@code holidays} read with
   * {@code calendars} (a cell may name a calendar, {@code US;2026-12-24}, as the configuration's {@code holidays}
   * section defines them: by name, each a list of entries, {@code 2026-12-25} or {@code 2026-12-24 09:00-12:00}),
   * and an empty cell of a column in {@code defaults} read as the text given there (the configuration's
   * {@code rep_defaults}; lists separated by {@code ;}).
   *
   * @param reader the CSV text
   * @param source its name, for errors
   * @return the reps
   * @throws IOException if the reader fails
   * @param calendars holiday calendars by name, each a list of entries as written
   * @param defaults text for empty cells, by column
   * @throws IllegalArgumentException naming {@code source}, the line and the column of the first bad value (a
   *     holiday that is neither an entry nor one of {@code calendars} included), or a default for no column
   */
  public static List<Rep> reps(Reader reader, String source,
      java.util.Map<String, List<String>> calendars, java.util.Map<String, String> defaults)
      throws IOException {
    for (String column : defaults.keySet()) {
      if (!REP_COLUMNS.contains(column) || column.equals("id")) {
        throw new IllegalArgumentException("no default for column '" + column + "' (a default is for any of "
            + new java.util.TreeSet<>(REP_COLUMNS) + " but id)");
      }
    }
    List<Rep> reps = new ArrayList<>();
    for (CsvTable.Row read : CsvTable.read(source, reader, REP_COLUMNS)) {
      CsvTable.Row row = read.withDefaults(defaults);
      try {
        Rep.Builder b = Rep.builder(row.require("id")).name(row.get("name")).team(row.get("team"))
            .managerId(row.get("manager")).territories(row.codes("territories"))
            .namedAccounts(row.list("named_accounts")).industries(row.list("industries"))
            .languages(row.codes("languages")).capacity(row.integer("capacity", 20))
            .dailyCap(row.integer("daily_cap", 0)).weeklyCap(row.integer("weekly_cap", 0))
            .monthlyCap(row.integer("monthly_cap", 0))
            .weight(row.number("weight", 1)).responseMinutes(row.number("response_minutes", 60))
            .active(row.bool("active", true));
        if (!row.get("role").isEmpty()) {
          b.role(enumValue(RepRole.class, row.get("role"), row, "role"));
        }
        if (!row.get("time_zone").isEmpty()) {
          b.timeZone(row.get("time_zone"));
        }
        io.smartrouting.api.WorkingHours schedule = io.smartrouting.api.WorkingHours.ALWAYS;
        List<String> shifts = row.list("working_hours");
        if (!shifts.isEmpty()) {
          io.smartrouting.api.WorkingHours.Builder hours = io.smartrouting.api.WorkingHours.builder();
          for (String shift : shifts) {
            try {
              io.smartrouting.config.internal.Shifts.add(shift, hours);
            } catch (IllegalArgumentException e) {
              throw row.error("working_hours", "'" + shift + "': " + e.getMessage());
            }
          }
          schedule = hours.build();
        }
        List<String> holidays = row.list("holidays");
        for (String item : holidays) {
          try {
            schedule = io.smartrouting.config.internal.Holidays.apply(schedule, item, calendars);
          } catch (IllegalArgumentException e) {
            throw row.error("holidays", e.getMessage());
          }
        }
        if (!shifts.isEmpty() || !holidays.isEmpty()) {
          b.workingHours(schedule);
        }
        java.time.ZoneId zone = java.time.ZoneOffset.UTC;
        try {
          zone = row.get("time_zone").isEmpty() ? zone : io.smartrouting.api.Codes.timeZone(row.get("time_zone"));
        } catch (RuntimeException e) {
          // A bad zone is the time_zone column's error, reported when the rep is built.
        }
        List<io.smartrouting.api.TimeOff> away = new ArrayList<>();
        for (String period : row.list("time_off")) {
          try {
            away.add(io.smartrouting.config.internal.TimeOffs.parse(period, zone));
          } catch (IllegalArgumentException e) {
            throw row.error("time_off", e.getMessage());
          }
        }
        b.timeOff(away);
        List<Segment> segments = new ArrayList<>();
        for (String s : row.codes("segments")) {
          segments.add(enumValue(Segment.class, s, row, "segments"));
        }
        reps.add(b.segments(segments).build());
      } catch (IllegalArgumentException | NullPointerException e) {
        throw row.located(e);
      }
    }
    return reps;
  }

  /**
   * Accounts from CSV.
   *
   * @param reader the CSV text
   * @param source its name, for errors
   * @return the accounts
   * @throws IOException if the reader fails
   * @throws IllegalArgumentException naming {@code source}, the line and the column of the first bad value
   */
  public static List<Account> accounts(Reader reader, String source) throws IOException {
    return accounts(reader, source, java.util.function.UnaryOperator.identity());
  }

  /**
   * Accounts from CSV, each rep reference ({@code owner}, {@code team}, {@code backup}, {@code ae}) read through
   * {@code rep}: a routing configuration resolves a rep's name (as a CRM's export names the account owner) to its id.
   *
   * @param reader the CSV text
   * @param source its name, for errors
   * @param rep how a cell names a rep, to its id
   * @return the accounts
   * @throws IOException if the reader fails
   * @throws IllegalArgumentException naming {@code source}, the line and the column of the first bad value
   */
  public static List<Account> accounts(Reader reader, String source, java.util.function.UnaryOperator<String> rep)
      throws IOException {
    List<Account> accounts = new ArrayList<>();
    for (CsvTable.Row row : CsvTable.read(source, reader, ACCOUNT_COLUMNS)) {
      try {
        Account.Builder b = Account.builder(row.require("id")).name(row.require("name")).domains(row.codes("domains"))
            .ownerRepId(rep.apply(row.get("owner"))).teamRepIds(row.list("team").stream().map(rep).toList())
            .backupRepId(rep.apply(row.get("backup"))).aeRepId(rep.apply(row.get("ae"))).parentAccountId(row.get("parent")).industry(row.get("industry"));
        if (!row.get("employees").isEmpty()) {
          b.employees(row.integer("employees", 0));
        }
        if (!row.get("arr").isEmpty()) {
          b.annualRecurringRevenue(row.amount("arr"));
        }
        if (!row.get("tier").isEmpty()) {
          b.tier(enumValue(AccountTier.class, row.get("tier"), row, "tier"));
        }
        Account a = b.build();
        for (String d : a.domains()) {
          if (!io.smartrouting.core.AccountConflicts.isAccountDomain(d)) {
            // At its row and column, not as the router's refusal of the whole document.
            throw row.error("domains", io.smartrouting.config.internal.Binder.notADomain(d));
          }
        }
        accounts.add(a);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw row.located(e);
      }
    }
    return accounts;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, CsvTable.Row row, String column) {
    E e = io.smartrouting.config.internal.Names.constant(type, value);
    if (e == null) {
      throw row.error(column, io.smartrouting.config.internal.Names.noConstant(type, value, true));
    }
    return e;
  }

}
