package io.taurievents.acl;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.PatternMatchUtils;

/**
 * The capabilities of an application, evaluated Tauri's way: a window gets the permissions of every capability
 * whose {@code windows} globs match its label; a window that no capability matches may do nothing; deny wins.
 * With no capability at all, every window may do everything (Tauri's behaviour without an app manifest), unless
 * {@code tauri.events.capabilities.deny-by-default=true}.
 */
public final class Capabilities {

	private final List<Capability> capabilities;

	private final boolean denyByDefault;

	/**
	 * Creates the set.
	 * @param capabilities every capability of the application
	 * @param denyByDefault whether to deny everything when there is no capability at all
	 */
	public Capabilities(List<Capability> capabilities, boolean denyByDefault) {
		this.capabilities = List.copyOf(capabilities);
		this.denyByDefault = denyByDefault;
	}

	/**
	 * Whether anything restricts what windows may do.
	 * @return {@code true} when capabilities exist or everything is denied by default
	 */
	public boolean restricts() {
		return !this.capabilities.isEmpty() || this.denyByDefault;
	}

	/**
	 * Every capability.
	 * @return the capabilities
	 */
	public List<Capability> capabilities() {
		return this.capabilities;
	}

	/**
	 * What a window with the label may do; computed once per window.
	 * @param label the window label
	 * @return its grants
	 */
	public Grants grantsFor(String label) {
		if (this.capabilities.isEmpty()) {
			return this.denyByDefault ? Grants.NOTHING : Grants.EVERYTHING;
		}
		List<String> allowedCommands = new ArrayList<>();
		List<String> deniedCommands = new ArrayList<>();
		Map<EventAction, List<Capability.Permission>> allowedEvents = new EnumMap<>(EventAction.class);
		Map<EventAction, List<Capability.Permission>> deniedEvents = new EnumMap<>(EventAction.class);
		for (Capability capability : this.capabilities) {
			if (capability.windows().stream().noneMatch((glob) -> PatternMatchUtils.simpleMatch(glob, label))) {
				continue;
			}
			for (Capability.Permission permission : capability.permissions()) {
				String identifier = permission.identifier();
				if (identifier.equals("core:default") || identifier.equals("core:event:default")) {
					for (EventAction action : EventAction.values()) {
						allowedEvents.computeIfAbsent(action, (key) -> new ArrayList<>()).add(permission);
					}
				}
				else if (identifier.startsWith("core:event:")) {
					String rule = identifier.substring("core:event:".length());
					for (EventAction action : EventAction.values()) {
						if (rule.equals("allow-" + action.permissionName())) {
							allowedEvents.computeIfAbsent(action, (key) -> new ArrayList<>()).add(permission);
						}
						else if (rule.equals("deny-" + action.permissionName())) {
							deniedEvents.computeIfAbsent(action, (key) -> new ArrayList<>()).add(permission);
						}
					}
				}
				else if (identifier.startsWith("allow-")) {
					allowedCommands.add(identifier.substring("allow-".length()));
				}
				else if (identifier.startsWith("deny-")) {
					deniedCommands.add(identifier.substring("deny-".length()));
				}
				// other plugins' permissions (core:window:*, fs:*, ...) grant nothing here
			}
		}
		return new Grants(label, allowedCommands, deniedCommands, allowedEvents, deniedEvents, false);
	}

	/**
	 * What one window may do.
	 */
	public static final class Grants {

		static final Grants EVERYTHING = new Grants("", List.of(), List.of(), Map.of(), Map.of(), true);

		static final Grants NOTHING = new Grants("", List.of(), List.of(), Map.of(), Map.of(), false);

		private final String label;

		private final List<String> allowedCommands;

		private final List<String> deniedCommands;

		private final Map<EventAction, List<Capability.Permission>> allowedEvents;

		private final Map<EventAction, List<Capability.Permission>> deniedEvents;

		private final boolean everything;

		Grants(String label, List<String> allowedCommands, List<String> deniedCommands,
				Map<EventAction, List<Capability.Permission>> allowedEvents,
				Map<EventAction, List<Capability.Permission>> deniedEvents, boolean everything) {
			this.label = label;
			this.allowedCommands = allowedCommands;
			this.deniedCommands = deniedCommands;
			this.allowedEvents = allowedEvents;
			this.deniedEvents = deniedEvents;
			this.everything = everything;
		}

		/**
		 * Why the window may not invoke an application command.
		 * @param command the command name
		 * @return the rejection text (Tauri's), or {@code null} when allowed
		 */
		public @Nullable String commandDenial(String command) {
			if (this.everything) {
				return null;
			}
			// Tauri's generated identifiers are kebab case: download_plain → allow-download-plain
			String kebab = command.replace('_', '-').toLowerCase(Locale.ROOT);
			boolean denied = this.deniedCommands.stream().anyMatch((glob) -> PatternMatchUtils.simpleMatch(glob, kebab));
			boolean allowed = this.allowedCommands.stream()
				.anyMatch((glob) -> PatternMatchUtils.simpleMatch(glob, kebab));
			return (allowed && !denied) ? null : AccessRejections.notAllowedByAcl(command);
		}

		/**
		 * Why the window may not perform an event action at all, whatever the event: checked before the
		 * arguments are read.
		 * @param action what it does
		 * @return Tauri's rejection text, or {@code null} when some event may be acted on
		 */
		public @Nullable String actionDenial(EventAction action) {
			if (this.everything) {
				return null;
			}
			// a deny permission without scope denies the whole command, as in Tauri
			boolean denied = this.deniedEvents.getOrDefault(action, List.of()).stream().anyMatch(Grants::unscoped);
			return (denied || this.allowedEvents.getOrDefault(action, List.of()).isEmpty())
					? AccessRejections.notAllowedByAcl(action.command()) : null;
		}

		/**
		 * Why the window may not act on an event.
		 * @param action what it does
		 * @param event the event name
		 * @return the rejection text, or {@code null} when allowed
		 */
		public @Nullable String eventDenial(EventAction action, String event) {
			if (this.everything) {
				return null;
			}
			String actionDenial = actionDenial(action);
			if (actionDenial != null) {
				return actionDenial;
			}
			List<Capability.Permission> allows = this.allowedEvents.getOrDefault(action, List.of());
			List<Capability.Permission> denies = this.deniedEvents.getOrDefault(action, List.of());
			// a deny permission's scopes, and an allow permission's deny scope, name events that are denied
			boolean denied = denies.stream()
				.anyMatch((permission) -> matchesAny(permission.allowedEvents(), event)
						|| matchesAny(permission.deniedEvents(), event))
					|| allows.stream().anyMatch((permission) -> matchesAny(permission.deniedEvents(), event));
			boolean allowed = allows.stream()
				.anyMatch((permission) -> permission.allowedEvents().isEmpty()
						|| matchesAny(permission.allowedEvents(), event));
			return (allowed && !denied) ? null : AccessRejections.eventNotAllowedByAcl(action, event, this.label);
		}

		private static boolean unscoped(Capability.Permission permission) {
			return permission.allowedEvents().isEmpty() && permission.deniedEvents().isEmpty();
		}

		private static boolean matchesAny(List<String> globs, String event) {
			return globs.stream().anyMatch((glob) -> PatternMatchUtils.simpleMatch(glob, event));
		}

	}

}
