/**
 * Access control for what pages may do: Tauri's capabilities (which windows may invoke which commands and listen
 * to or emit which events, read from Tauri's own capability files and from {@code application.yml}) and Spring
 * Security's {@code AuthorizationManager} per command and per event.
 */
@NullMarked
package io.taurievents.acl;

import org.jspecify.annotations.NullMarked;
