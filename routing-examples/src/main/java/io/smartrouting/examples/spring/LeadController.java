package io.smartrouting.examples.spring;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.core.Router;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /leads}: routes one lead and answers with the decision's audit record (no personal data).
 * {@code PUT /leads/{id}}: the lead's facts changed (a demo request after a download, enrichment): reads the open lead
 * anew ({@code Router.update}) and answers with where it is now; 404 if it is not open.
 * {@code POST /reps/{id}/next-lead}: a rep's "next lead" button ({@code Router.claimNext}): the record of the lead it
 * took, or 204 when no waiting lead is one it may take now.
 * {@code GET /reps/{id}/waiting}: the waiting leads the rep may claim, in the order it would claim them
 * ({@code Router.claimable}), for a "waiting for you" list beside the button.
 * {@code GET /reps/{id}/leads}: the open leads on the rep's desk, oldest first ({@code Router.openPlacements(repId)}).
 * {@code POST /leads/{id}/give-back}: the rep gives the lead back to a queue, with a reason ({@code Router.requeue}):
 * the new record, 404 if the lead is not open, 409 if it moved meanwhile.
 */
@RestController
class LeadController {

  /** The JSON a caller posts. */
  record LeadRequest(@Nullable String id, @Nullable String email, @Nullable String company, @Nullable String country,
      @Nullable String region, @Nullable String postalCode, @Nullable String industry, @Nullable Integer employees,
      @Nullable String source, @Nullable String title, @Nullable String language) {}

  private final Router router;

  LeadController(Router router) {
    this.router = router;
  }

  @PostMapping(path = "/leads", produces = MediaType.APPLICATION_JSON_VALUE)
  String route(@RequestBody LeadRequest request) {
    if (request.id() == null || request.id().isBlank()) {
      throw new IllegalArgumentException("id is required");
    }
    return router.record(router.route(lead(request.id(), request))).toJson();
  }

  @PutMapping(path = "/leads/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> update(@PathVariable("id") String id, @RequestBody LeadRequest request) {
    if (request.id() != null && !request.id().equals(id)) {
      throw new IllegalArgumentException("id in the body (" + request.id() + ") differs from the path (" + id + ")");
    }
    if (router.placement(id).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body("lead " + id + " is not open: POST it to /leads");
    }
    return ResponseEntity.ok(router.record(router.update(lead(id, request))).toJson());
  }

  @PostMapping(path = "/reps/{id}/next-lead", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> nextLead(@PathVariable("id") String repId) {
    return router.claimNext(repId).map(d -> ResponseEntity.ok(router.record(d).toJson()))
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @GetMapping(path = "/reps/{id}/waiting", produces = MediaType.APPLICATION_JSON_VALUE)
  java.util.Map<String, Object> waiting(@PathVariable("id") String repId,
      @org.springframework.web.bind.annotation.RequestParam(name = "limit", defaultValue = "50") int limit) {
    java.util.List<java.util.Map<String, Object>> leads = new java.util.ArrayList<>();
    for (io.smartrouting.core.state.Placement p : router.claimable(repId, limit)) {
      java.util.Map<String, Object> lead = new java.util.LinkedHashMap<>();
      lead.put("lead_id", p.leadId());
      lead.put("queue", p.queue());
      lead.put("tier", p.tier().number());
      lead.put("waiting_since", p.assignedAt().toString());
      leads.add(lead);
    }
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("rep_id", repId);
    out.put("waiting", leads);
    return out;
  }

  @GetMapping(path = "/reps/{id}/leads", produces = MediaType.APPLICATION_JSON_VALUE)
  java.util.Map<String, Object> desk(@PathVariable("id") String repId) {
    java.util.List<java.util.Map<String, Object>> leads = new java.util.ArrayList<>();
    for (io.smartrouting.core.state.Placement p : router.openPlacements(repId)) {
      java.util.Map<String, Object> lead = new java.util.LinkedHashMap<>();
      lead.put("lead_id", p.leadId());
      lead.put("tier", p.tier().number());
      lead.put("assigned_at", p.assignedAt().toString());
      lead.put("sla_deadline", p.slaDeadline() == null ? null : p.slaDeadline().toString());
      lead.put("contacted", p.contactedAt() != null);
      leads.add(lead);
    }
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("rep_id", repId);
    out.put("leads", leads);
    return out;
  }

  /** The JSON a rep posts to give a lead back. */
  record GiveBack(@Nullable String queue, @Nullable String reason) {}

  @PostMapping(path = "/leads/{id}/give-back", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> giveBack(@PathVariable("id") String id, @RequestBody GiveBack request) {
    if (router.placement(id).isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body("lead " + id + " is not open");
    }
    try {
      return ResponseEntity.ok(router.record(router.requeue(id, request.queue() == null ? "" : request.queue(),
          request.reason() == null ? "" : request.reason())).toJson());
    } catch (IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(e.getMessage());
    }
  }

  /** The JSON a manager posts when a rep leaves or goes on leave: who covers its desk (none: the chain decides). */
  record Leave(@Nullable String cover) {}

  @PostMapping(path = "/reps/{id}/leave", produces = MediaType.APPLICATION_JSON_VALUE)
  java.util.Map<String, Object> leave(@PathVariable("id") String repId, @RequestBody Leave request) {
    io.smartrouting.core.OffboardPolicy policy = request.cover() == null
        ? io.smartrouting.core.OffboardPolicy.reroute() : io.smartrouting.core.OffboardPolicy.toRep(request.cover());
    java.util.List<java.util.Map<String, Object>> moved = new java.util.ArrayList<>();
    for (io.smartrouting.api.Decision d : router.offboard(repId, policy)) {
      java.util.Map<String, Object> lead = new java.util.LinkedHashMap<>();
      lead.put("lead_id", d.leadId());
      lead.put("rep_id", d.repId());
      lead.put("queue", d.queue());
      moved.add(lead);
    }
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("rep_id", repId);
    out.put("moved", moved);
    return out;
  }

  private static Lead lead(String id, LeadRequest request) {
    Lead.Builder lead = Lead.builder(id).email(request.email()).companyName(request.company())
        .country(request.country()).region(request.region()).postalCode(request.postalCode())
        .industry(request.industry()).title(request.title())
        .language(request.language());
    if (request.employees() != null) {
      lead.employees(request.employees());
    }
    if (request.source() != null) {
      lead.source(LeadSource.valueOf(request.source().toUpperCase(Locale.ROOT).replace('-', '_')));
    }
    return lead.build();
  }

  @ExceptionHandler(IllegalArgumentException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  String badRequest(IllegalArgumentException e) {
    return e.getMessage();
  }
}
