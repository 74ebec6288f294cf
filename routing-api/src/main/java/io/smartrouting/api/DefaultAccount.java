package io.smartrouting.api;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The immutable {@link Account} made by {@link Account.Builder}. Not API. */
record DefaultAccount(
    String id,
    String name,
    Set<String> domains,
    @Nullable String ownerRepId,
    List<String> teamRepIds,
    @Nullable String backupRepId,
    @Nullable String aeRepId,
    @Nullable String parentAccountId,
    @Nullable String industry,
    java.util.OptionalInt employees,
    java.util.OptionalLong annualRecurringRevenue,
    AccountTier tier) implements Account {}
