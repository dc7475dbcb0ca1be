package io.taurievents.acl;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;

/**
 * Reads Tauri capability files (JSON) as they are: a file holds one capability object, an array of them, or
 * {@code {"capabilities":[...]}}. Members that do not apply to a web page ({@code $schema}, {@code platforms},
 * {@code remote}, {@code local}) are ignored; {@code webviews} count like {@code windows}.
 */
public final class CapabilityFiles {

	private CapabilityFiles() {
	}

	/**
	 * Reads capability files.
	 * @param resources the files
	 * @param jsonMapper the mapper to parse them with
	 * @return every capability, in file order
	 * @throws IllegalStateException naming the file and the problem when a file is not a valid capability file
	 */
	public static List<Capability> read(Resource[] resources, JsonMapper jsonMapper) {
		List<Capability> capabilities = new ArrayList<>();
		for (Resource resource : resources) {
			try (InputStream input = resource.getInputStream()) {
				JsonNode root = jsonMapper.readTree(input);
				JsonNode list = (root != null && root.isObject() && root.has("capabilities")) ? root.get("capabilities")
						: root;
				if (list != null && list.isArray()) {
					list.forEach((node) -> capabilities.add(capability(node, resource)));
				}
				else {
					capabilities.add(capability(list, resource));
				}
			}
			catch (IOException | JacksonException ex) {
				throw new IllegalStateException("Could not read the capability file " + resource + ": "
						+ ex.getMessage(), ex);
			}
		}
		return capabilities;
	}

	private static Capability capability(@Nullable JsonNode node, Resource resource) {
		if (node == null || !node.isObject()) {
			throw invalid(resource, "expected a capability object");
		}
		String identifier = node.path("identifier").asString("");
		if (identifier.isBlank()) {
			throw invalid(resource, "a capability needs an `identifier`");
		}
		List<String> windows = new ArrayList<>(strings(node.get("windows"), resource, "windows"));
		windows.addAll(strings(node.get("webviews"), resource, "webviews"));
		List<Capability.Permission> permissions = new ArrayList<>();
		JsonNode permissionNodes = node.get("permissions");
		if (permissionNodes == null || !permissionNodes.isArray()) {
			throw invalid(resource, "capability '" + identifier + "' needs a `permissions` array");
		}
		for (JsonNode permission : permissionNodes) {
			if (permission.isString()) {
				permissions.add(Capability.Permission.of(permission.asString()));
			}
			else if (permission.isObject() && permission.path("identifier").isString()) {
				permissions.add(new Capability.Permission(permission.get("identifier").asString(),
						events(permission.get("allow")), events(permission.get("deny"))));
			}
			else {
				throw invalid(resource, "capability '" + identifier
						+ "': a permission is a string or an object with an `identifier`");
			}
		}
		JsonNode description = node.get("description");
		return new Capability(identifier, (description != null && description.isString()) ? description.asString()
				: null, windows, permissions);
	}

	private static List<String> strings(@Nullable JsonNode node, Resource resource, String member) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			throw invalid(resource, "`" + member + "` must be an array of label globs");
		}
		List<String> values = new ArrayList<>();
		node.forEach((value) -> values.add(value.asString()));
		return values;
	}

	/** The event-name globs of a scope list; scopes of other plugins (paths, URLs) do not name events. */
	private static List<String> events(@Nullable JsonNode scopes) {
		List<String> events = new ArrayList<>();
		if (scopes != null && scopes.isArray()) {
			for (JsonNode scope : scopes) {
				JsonNode event = scope.get("event");
				if (event != null && event.isString()) {
					events.add(event.asString());
				}
			}
		}
		return events;
	}

	private static IllegalStateException invalid(Resource resource, String problem) {
		return new IllegalStateException("Invalid capability file " + resource + ": " + problem);
	}

}
