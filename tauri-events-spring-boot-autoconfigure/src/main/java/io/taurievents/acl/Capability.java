package io.taurievents.acl;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Tauri capability: which windows get which permissions.
 * <p>
 * Read from Tauri's capability files ({@code src-tauri/capabilities/*.json}, put under
 * {@code classpath:tauri/capabilities/}) or from {@code tauri.events.capabilities.definitions.*}. A window whose
 * label matches one of {@link #windows()} (globs, {@code *} for any) gets the {@link #permissions()}.
 *
 * <pre>{@code
 * {
 *   "identifier": "main-capability",
 *   "windows": ["main"],
 *   "permissions": [
 *     "core:event:default",
 *     "allow-download",
 *     { "identifier": "core:event:allow-listen", "allow": [{ "event": "download-*" }] }
 *   ]
 * }
 * }</pre>
 *
 * @param identifier the capability's name
 * @param description what it is for, or {@code null}
 * @param windows label globs of the windows it applies to
 * @param permissions what those windows may do
 */
public record Capability(String identifier, @Nullable String description, List<String> windows,
		List<Permission> permissions) {

	/**
	 * Checks and copies the parts.
	 * @param identifier the capability's name
	 * @param description what it is for, or {@code null}
	 * @param windows label globs of the windows it applies to
	 * @param permissions what those windows may do
	 */
	public Capability {
		Assert.hasText(identifier, "identifier must not be empty");
		windows = List.copyOf(windows);
		permissions = List.copyOf(permissions);
	}

	/**
	 * One permission of a capability, Tauri's string form or its object form with scopes.
	 * <p>
	 * Identifiers: {@code core:default} and {@code core:event:default} (listen, unlisten, emit and emit-to of every
	 * event), {@code core:event:allow-listen} / {@code allow-unlisten} / {@code allow-emit} / {@code allow-emit-to}
	 * and their {@code deny-} forms, and for the application's commands {@code allow-<command>} /
	 * {@code deny-<command>} with the command name in kebab case as Tauri generates it ({@code download_plain} →
	 * {@code allow-download-plain}; globs such as {@code allow-*} allowed). Beyond Tauri, event permissions take
	 * event-name scopes: {@code {"identifier":"core:event:allow-listen","allow":[{"event":"download-*"}]}} allows
	 * listening to those events only, a {@code deny} scope denies the events it names. Identifiers of other
	 * plugins ({@code core:window:default}, {@code fs:...}) are accepted and grant nothing here.
	 *
	 * @param identifier the permission identifier
	 * @param allowedEvents event-name globs the permission is limited to (empty: every event)
	 * @param deniedEvents event-name globs the permission denies (deny wins)
	 */
	public record Permission(String identifier, List<String> allowedEvents, List<String> deniedEvents) {

		/**
		 * Checks and copies the parts.
		 * @param identifier the permission identifier
		 * @param allowedEvents event-name globs the permission is limited to (empty: every event)
		 * @param deniedEvents event-name globs the permission denies (deny wins)
		 */
		public Permission {
			Assert.hasText(identifier, "identifier must not be empty");
			allowedEvents = List.copyOf(allowedEvents);
			deniedEvents = List.copyOf(deniedEvents);
		}

		/**
		 * A permission without scopes.
		 * @param identifier the permission identifier
		 * @return the permission
		 */
		public static Permission of(String identifier) {
			return new Permission(identifier, List.of(), List.of());
		}

	}

}
