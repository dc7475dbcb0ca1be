/**
 * Limits that keep one page, window or client from hurting the others, their rejection texts and their counters.
 */
@NullMarked
package io.taurievents.limits;

import org.jspecify.annotations.NullMarked;
