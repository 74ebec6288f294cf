/**
 * The routing engine. {@link io.smartrouting.core.Router} is the entry point most users need: build one with
 * {@link io.smartrouting.core.Router#builder()}, call {@link io.smartrouting.core.Router#route} per lead.
 */
@NullMarked
package io.smartrouting.core;

import org.jspecify.annotations.NullMarked;
