package io.smartrouting.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample service starts from application.yaml and the starter alone, routes over HTTP and exposes its meters. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingSampleApplicationTest {

  @LocalServerPort
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void routesALeadOverHttpAndPublishesTheDecisionInPrometheus() throws Exception {
    HttpResponse<String> routed = post("/leads", """
        {"id": "L-1001", "email": "jane.doe@mercy.example", "company": "Mercy Health", "country": "US",
         "region": "CA", "industry": "healthcare", "employees": 5000, "source": "demo_request"}""");
    assertThat(routed.statusCode()).isEqualTo(200);
    assertThat(routed.body()).startsWith("{\"lead_id\":\"L-1001\",\"rep_id\":\"ana\"")
        .contains("\"config_version\":\"sample-1\"").doesNotContain("jane").doesNotContain("Mercy");

    HttpResponse<String> german = post("/leads", """
        {"id": "L-1002", "country": "DE", "employees": 40, "language": "de"}""");
    assertThat(german.body()).contains("\"rep_id\":\"eva\"");

    assertThat(post("/leads", "{\"country\": \"US\"}").statusCode()).isEqualTo(400);

    // The German lead asks for a demo: read anew, it stays with eva, now Tier 1 with a first-contact deadline.
    HttpResponse<String> updated = put("/leads/L-1002", """
        {"country": "DE", "employees": 40, "language": "de", "source": "demo_request"}""");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(updated.body()).contains("\"rep_id\":\"eva\"").contains("\"tier\":1")
        .contains("\"decided_by\":\"update\"").doesNotContain("\"sla_deadline\":null");
    assertThat(put("/leads/L-404", "{\"country\": \"DE\"}").statusCode()).isEqualTo(404);

    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).containsPattern(
        "smartrouting_decisions_total\\{outcome=\"assigned\",router=\"smartrouting\",segment=\"enterprise\","
            + "step=\"tier-fast-track\",tenant=\"default\",tier=\"1\"} 1\\.0")
        .contains("smartrouting_decision_latency_seconds_count{router=\"smartrouting\",tenant=\"default\"} 2");

    // A referral waits in 'partners' for a rep to claim it; ben, who covers it, clicks "next lead".
    HttpResponse<String> referral = post("/leads", """
        {"id": "L-1003", "country": "US", "region": "CA", "employees": 30, "source": "referral"}""");
    assertThat(referral.body()).contains("\"queue\":\"partners\"").contains("\"decided_by\":\"queue:partners\"");
    assertThat(get("/reps/ben/waiting").body()).as("what ben may claim").contains("\"rep_id\":\"ben\"")
        .contains("{\"lead_id\":\"L-1003\",\"queue\":\"partners\",\"tier\":3,\"waiting_since\":");
    assertThat(get("/reps/eva/waiting").body()).isEqualTo("{\"rep_id\":\"eva\",\"waiting\":[]}");
    assertThat(post("/reps/eva/next-lead", "").statusCode()).as("eva does not cover California").isEqualTo(204);
    HttpResponse<String> claimed = post("/reps/ben/next-lead", "");
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
    assertThat(claimed.body()).contains("\"lead_id\":\"L-1003\"").contains("\"rep_id\":\"ben\"")
        .contains("\"decided_by\":\"claimed\"");
    assertThat(post("/reps/ben/next-lead", "").statusCode()).isEqualTo(204);
    assertThat(post("/reps/zed/next-lead", "").statusCode()).isEqualTo(400);
    assertThat(get("/reps/ben/waiting").body()).contains("\"waiting\":[]");
    assertThat(get("/reps/zed/waiting").statusCode()).isEqualTo(400);
    assertThat(get("/reps/ben/waiting?limit=0").statusCode()).as("a limit below 1").isEqualTo(400);

    // Ben gives the claimed referral back (it is not his to work): it waits in 'returns', and his desk is empty.
    assertThat(get("/reps/ben/leads").body()).startsWith("{\"rep_id\":\"ben\",\"leads\":[{\"lead_id\":\"L-1003\","
        + "\"tier\":3,\"assigned_at\":");
    HttpResponse<String> given = post("/leads/L-1003/give-back", """
        {"queue": "returns", "reason": "a partner's customer"}""");
    assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
    assertThat(given.body()).contains("\"queue\":\"returns\"").contains("\"decided_by\":\"requeued\"");
    assertThat(get("/reps/ben/leads").body()).isEqualTo("{\"rep_id\":\"ben\",\"leads\":[]}");
    assertThat(post("/leads/L-1003/give-back", "{\"queue\": \"returns\", \"reason\": \"again\"}").statusCode())
        .as("it waits there already").isEqualTo(400);
    assertThat(post("/leads/L-1003/give-back", "{\"queue\": \"partners\"}").statusCode()).as("no reason")
        .isEqualTo(400);
    assertThat(post("/leads/L-404/give-back", "{\"queue\": \"returns\", \"reason\": \"x\"}").statusCode())
        .isEqualTo(404);

    // Ana goes on leave and ben covers her desk: her lead moves to him, and she takes no new one.
    HttpResponse<String> leave = post("/reps/ana/leave", "{\"cover\": \"ben\"}");
    assertThat(leave.statusCode()).as(leave.body()).isEqualTo(200);
    assertThat(leave.body()).isEqualTo("{\"rep_id\":\"ana\",\"moved\":[{\"lead_id\":\"L-1001\",\"rep_id\":\"ben\","
        + "\"queue\":null}]}");
    assertThat(get("/reps/ben/leads").body()).contains("\"lead_id\":\"L-1001\"");
    assertThat(post("/reps/ana/leave", "{\"cover\": \"ana\"}").statusCode()).as("her own cover").isEqualTo(400);

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.body()).contains("\"smartRouting\"").contains("\"stateStore\":\"reachable\"");
    assertThat(get("/actuator/info").body()).contains("\"configVersion\":\"sample-1\"");
  }
}
