package io.smartrouting.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that routes leads over HTTP with nothing but {@code application.yaml} (the routing
 * configuration document inline under {@code smartrouting.document}) and the starter: {@code POST /leads} returns the
 * decision's audit record; {@code /actuator/prometheus} shows the {@code smartrouting_*} meters.
 *
 * <p>Run it: {@code mvn -B -q -pl routing-examples -am test-compile exec:java
 * -Dexec.mainClass=io.smartrouting.examples.spring.RoutingSampleApplication}.
 */
@SpringBootApplication
public class RoutingSampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(RoutingSampleApplication.class, args);
  }
}
