package io.taurievents.acl;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Capability evaluation and capability files, without a server.
 */
class CapabilitiesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void withoutCapabilitiesEverythingIsAllowedUnlessDeniedByDefault() {
		Capabilities.Grants open = new Capabilities(List.of(), false).grantsFor("main");
		assertThat(open.commandDenial("anything")).isNull();
		assertThat(open.eventDenial(EventAction.EMIT, "anything")).isNull();
		Capabilities.Grants closed = new Capabilities(List.of(), true).grantsFor("main");
		assertThat(closed.commandDenial("anything")).isEqualTo("Command anything not allowed by ACL");
		assertThat(closed.actionDenial(EventAction.LISTEN)).isEqualTo("Command plugin:event|listen not allowed by ACL");
	}

	@Test
	void denyWinsWhateverTheOrderAndTheCapability() {
		Capabilities capabilities = new Capabilities(List.of(
				capability("a", List.of("*"), "deny-reset", "core:event:deny-emit"),
				capability("b", List.of("main"), "allow-*", "core:event:default")), false);
		Capabilities.Grants main = capabilities.grantsFor("main");
		assertThat(main.commandDenial("greet")).isNull();
		assertThat(main.commandDenial("reset")).isEqualTo("Command reset not allowed by ACL");
		assertThat(main.actionDenial(EventAction.EMIT)).isEqualTo("Command plugin:event|emit not allowed by ACL");
		assertThat(main.eventDenial(EventAction.LISTEN, "x")).isNull();
	}

	@Test
	void commandPermissionsUseTauriKebabCaseAndGlobs() {
		Capabilities.Grants grants = new Capabilities(
				List.of(capability("c", List.of("main"), "allow-download-plain", "allow-admin-*")), false)
			.grantsFor("main");
		assertThat(grants.commandDenial("download_plain")).isNull();
		assertThat(grants.commandDenial("admin_reset_all")).isNull();
		assertThat(grants.commandDenial("download")).isNotNull();
	}

	@Test
	void windowGlobsChooseTheCapabilities() {
		Capabilities capabilities = new Capabilities(
				List.of(capability("editors", List.of("editor-*"), "core:event:default")), false);
		assertThat(capabilities.grantsFor("editor-1").eventDenial(EventAction.LISTEN, "x")).isNull();
		assertThat(capabilities.grantsFor("main").eventDenial(EventAction.LISTEN, "x"))
			.isEqualTo("Command plugin:event|listen not allowed by ACL");
	}

	@Test
	void eventScopesNarrowAndDenyScopesWin() {
		Capability.Permission listen = new Capability.Permission("core:event:allow-listen", List.of("public-*"),
				List.of("public-secret"));
		Capability.Permission denyPrivate = new Capability.Permission("core:event:deny-listen", List.of("public-x"),
				List.of());
		Capabilities.Grants grants = new Capabilities(
				List.of(new Capability("scoped", null, List.of("*"), List.of(listen, denyPrivate))), false)
			.grantsFor("viewer");
		assertThat(grants.eventDenial(EventAction.LISTEN, "public-news")).isNull();
		assertThat(grants.eventDenial(EventAction.LISTEN, "public-secret")).isEqualTo(
				"Command plugin:event|listen not allowed by ACL: event 'public-secret' is not allowed for window 'viewer'");
		assertThat(grants.eventDenial(EventAction.LISTEN, "public-x")).isNotNull();
		assertThat(grants.eventDenial(EventAction.LISTEN, "other")).isNotNull();
		assertThat(grants.actionDenial(EventAction.LISTEN)).isNull();
	}

	@Test
	void capabilityFilesInEveryShapeTauriAccepts() {
		List<Capability> capabilities = CapabilityFiles.read(new Resource[] {
				file("{\"identifier\":\"one\",\"windows\":[\"main\"],\"permissions\":[\"core:default\"]}"),
				file("[{\"identifier\":\"two\",\"webviews\":[\"w\"],\"permissions\":[]}]"),
				file("{\"capabilities\":[{\"identifier\":\"three\",\"windows\":[\"*\"],\"permissions\":"
						+ "[{\"identifier\":\"fs:allow-read\",\"allow\":[{\"path\":\"$HOME\"}]}]}]}") }, json);
		assertThat(capabilities).extracting(Capability::identifier).containsExactly("one", "two", "three");
		assertThat(capabilities.get(1).windows()).containsExactly("w");
		assertThat(capabilities.get(2).permissions().get(0).allowedEvents()).isEmpty();
	}

	@Test
	void anInvalidFileFailsNamingTheFileAndTheProblem() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CapabilityFiles.read(new Resource[] { file("{\"windows\":[\"main\"]}") }, json))
			.withMessageContaining("needs an `identifier`");
		assertThatIllegalStateException()
			.isThrownBy(() -> CapabilityFiles.read(new Resource[] { file("{\"identifier\":\"x\"") }, json))
			.withMessageContaining("Could not read the capability file");
	}

	private static Capability capability(String identifier, List<String> windows, String... permissions) {
		return new Capability(identifier, null, windows,
				java.util.Arrays.stream(permissions).map(Capability.Permission::of).toList());
	}

	private static Resource file(String content) {
		return new ByteArrayResource(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test capability");
	}

}
