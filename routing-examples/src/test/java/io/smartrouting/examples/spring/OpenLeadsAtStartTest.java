package io.smartrouting.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample service started with {@code sample.open-leads}: the export's open leads are taken up before it routes,
 * so a rep the export fills gets no new leads and a waiting lead is in its queue from the start.
 */
class OpenLeadsAtStartTest {

  @Test
  void theServiceStartsWithTheOpenLeadsOfItsExport() throws Exception {
    Path book = Files.createTempFile("open-leads", ".csv");
    StringBuilder csv = new StringBuilder("Lead ID,Country,State/Province,No. of Employees,Lead Owner,Queue,"
        + "Assigned At\n");
    for (int i = 0; i < 40; i++) {
      csv.append("B").append(i).append(",US,CA,50,ben,,2026-01-05T16:00:00Z\n");
    }
    csv.append("W1,FR,,50,,unassigned,2026-01-05T17:00:00Z\n");
    Files.writeString(book, csv.toString(), StandardCharsets.UTF_8);
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RoutingSampleApplication.class)
        .properties("server.port=0", "sample.open-leads=" + book).run()) {
      Router router = context.getBean(Router.class);
      assertThat(router.openLeads("ben")).as("the export's forty").isEqualTo(40);
      assertThat(router.waitingLeads()).isEqualTo(1);
      assertThat(router.route(Lead.builder("N1").country("US").region("CA").employees(50).build()).repId())
          .as("ben, the only SMB rep for California, is full").isNull();
    } finally {
      Files.deleteIfExists(book);
    }
  }
}
