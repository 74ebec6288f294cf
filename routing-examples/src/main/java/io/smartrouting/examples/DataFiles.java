package io.smartrouting.examples;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads reps, accounts and leads from CSV files (the readers are routing-config's) or from the bundled samples. */
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
    try (Reader r = open(source)) {
      return io.smartrouting.config.RosterFiles.reps(r, source);
    }
  }

  static List<Account> accounts(String source) throws IOException {
    try (Reader r = open(source)) {
      return io.smartrouting.config.RosterFiles.accounts(r, source);
    }
  }

  static List<Lead> leads(String source) throws IOException {
    try (Reader r = open(source)) {
      return io.smartrouting.config.LeadFiles.csv(r, source);
    }
  }

}
