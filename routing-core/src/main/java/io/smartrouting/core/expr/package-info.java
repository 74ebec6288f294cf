/**
 * The routing expression language: {@link io.smartrouting.core.expr.LeadCondition} for a chain step's {@code when}
 * and {@link io.smartrouting.core.expr.RepFilter} for its rep targeting, both compiled once and checked with errors
 * that name the column.
 */
@NullMarked
package io.smartrouting.core.expr;

import org.jspecify.annotations.NullMarked;
