/**
 * Notifications out of a router: a Slack-compatible {@link io.smartrouting.core.notify.WebhookNotifier} for SLA
 * breaches and escalations, and the {@link io.smartrouting.core.notify.AssignmentSink} seam for the vendor's own
 * task or CRM updates.
 */
@NullMarked
package io.smartrouting.core.notify;

import org.jspecify.annotations.NullMarked;
