package io.smartrouting.core.experiment;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.Locale;

/** What an {@link Experiment} hashes to pick a lead's variant; the same key always gets the same variant. */
public enum StickyKey {
  /** The lead id: each lead is its own unit. */
  LEAD_ID {
    @Override
    public String keyOf(Lead lead) {
      return lead.id();
    }
  },
  /**
   * The lead's account, so that one account's leads never straddle variants: the lead's account id if it has one,
   * else its e-mail domain unless that is a free-mail domain, else its company name (lower case, trimmed), else the
   * lead id.
   */
  ACCOUNT {
    @Override
    public String keyOf(Lead lead) {
      if (lead.accountId() != null) {
        return "account:" + lead.accountId();
      }
      String email = lead.email();
      int at = email == null ? -1 : email.lastIndexOf('@');
      if (at >= 0 && at < email.length() - 1) {
        String domain = email.substring(at + 1).trim().toLowerCase(Locale.ROOT);
        if (!Router.DEFAULT_FREE_MAIL_DOMAINS.contains(domain)) {
          return "domain:" + domain;
        }
      }
      if (lead.companyName() != null && !lead.companyName().isBlank()) {
        return "company:" + lead.companyName().trim().toLowerCase(Locale.ROOT);
      }
      return "lead:" + lead.id();
    }
  };

  /**
   * The key of {@code lead}.
   *
   * @param lead the lead
   * @return the key's value
   */
  public abstract String keyOf(Lead lead);
}
