package io.smartrouting.examples.spring;

import io.smartrouting.config.LeadFiles;
import io.smartrouting.spring.OpenLeadsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The leads already open, from a CRM's export named by {@code sample.open-leads} (CSV or JSON, as
 * {@link LeadFiles#readOpen} reads it): the starter takes them up before the service routes its first lead, so a
 * restart of this service, whose router keeps its state in memory, carries on with the reps' loads, deadlines and
 * queues. A real service reads its own records instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sample.open-leads")
public class OpenLeadsFromFile {

  /**
   * The open leads of the file, read through each tenant's document (its reps and lead sources).
   *
   * @param file the export's path
   * @return the source the starter adopts from
   */
  @Bean
  public OpenLeadsSource sampleOpenLeads(@Value("${sample.open-leads}") String file) {
    return (tenant, config) -> {
      try {
        return LeadFiles.readOpen(Path.of(file), true, config);
      } catch (IOException e) {
        throw new UncheckedIOException("sample.open-leads: cannot read " + file, e);
      }
    };
  }
}
