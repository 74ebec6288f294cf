package io.smartrouting.examples;

import io.smartrouting.config.internal.CsvTable;
import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Loads reps, accounts and leads from CSV files or from the bundled samples. */
final class DataFiles {
  private DataFiles() {}

  static Reader open(String pathOrSample) throws IOException {
    if (pathOrSample.startsWith("classpath:")) {
      String name = pathOrSample.substring("classpath:".length());
      InputStream in = DataFiles.class.getResourceAsStream(name);
      if (in == null) {
        throw new IllegalArgumentException("bundled file not found: " + name);
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
    Path p = Path.of(pathOrSample);
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException("cannot read file " + p.toAbsolutePath());
    }
    return Files.newBufferedReader(p, StandardCharsets.UTF_8);
  }

  static List<Rep> reps(String source) throws IOException {
    List<Rep> reps = new ArrayList<>();
    try (Reader r = open(source)) {
      for (CsvTable.Row row : CsvTable.read(source, r)) {
        try {
          Rep.Builder b = Rep.builder(row.require("id")).name(row.get("name")).team(row.get("team"))
              .managerId(row.get("manager")).territories(row.list("territories"))
              .namedAccounts(row.list("named_accounts")).industries(row.list("industries"))
              .languages(row.list("languages")).capacity(row.integer("capacity", 20))
              .weight(row.number("weight", 1)).responseMinutes(row.number("response_minutes", 60))
              .active(row.bool("active", true));
          if (!row.get("role").isEmpty()) {
            b.role(enumValue(RepRole.class, row, "role"));
          }
          if (!row.get("time_zone").isEmpty()) {
            b.timeZone(row.get("time_zone"));
          }
          List<Segment> segments = new ArrayList<>();
          for (String s : row.list("segments")) {
            segments.add(enumValue(Segment.class, s, row, "segments"));
          }
          reps.add(b.segments(segments).build());
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(source + " line " + row.line() + ": " + e.getMessage(), e);
        }
      }
    }
    return reps;
  }

  static List<Account> accounts(String source) throws IOException {
    List<Account> accounts = new ArrayList<>();
    try (Reader r = open(source)) {
      for (CsvTable.Row row : CsvTable.read(source, r)) {
        try {
          accounts.add(Account.builder(row.require("id")).name(row.require("name")).domains(row.list("domains"))
              .ownerRepId(row.get("owner")).teamRepIds(row.list("team")).backupRepId(row.get("backup"))
              .aeRepId(row.get("ae")).parentAccountId(row.get("parent")).industry(row.get("industry")).build());
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(source + " line " + row.line() + ": " + e.getMessage(), e);
        }
      }
    }
    return accounts;
  }

  static List<Lead> leads(String source) throws IOException {
    try (Reader r = open(source)) {
      return io.smartrouting.config.LeadFiles.csv(r, source);
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, CsvTable.Row row, String column) {
    return enumValue(type, row.get(column), row, column);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, CsvTable.Row row, String column) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw row.error(column, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + " but was '"
          + value + "'");
    }
  }
}
