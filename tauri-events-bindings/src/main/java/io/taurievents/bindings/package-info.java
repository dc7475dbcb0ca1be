/**
 * The annotation processor that generates TypeScript bindings (types and typed {@code invoke}/{@code listen}
 * wrappers) from an application's {@code @TauriCommand} methods and {@code @TauriEvent} declarations.
 */
package io.taurievents.bindings;
