/**
 * GraalVM native image support: reflection hints for command and listener methods and the types Jackson binds.
 */
@NullMarked
package io.taurievents.aot;

import org.jspecify.annotations.NullMarked;
