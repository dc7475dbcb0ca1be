package io.taurievents.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.taurievents.bindings.fixture.FixtureApplication;
import io.taurievents.bindings.TypeScriptProject.Result;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module the processor generated from the fixture application (at this module's test compilation) passes
 * {@code tsc --strict}, and a Node script calling every command and event through it with {@code @taurievents/api}
 * gets back what the types say from the real server; so does the module generated for the official
 * {@code @tauri-apps/api} (through the shim).
 */
@SpringBootTest(classes = FixtureApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class GeneratedBindingsRoundTripTests {

	static final Path FIXTURE_BINDINGS = Path.of(System.getProperty("fixture.bindings",
			"target/fixture-bindings/bindings.ts"));

	static final Path TYPESCRIPT = Path.of("src/test/typescript");

	static final Path FIXTURE_SOURCES = Path.of("src/test/java/io/taurievents/bindings/fixture");

	@LocalServerPort
	int port;

	@Test
	void generatedModuleTypeChecksAndRoundTripsAgainstTheServer() {
		TypeScriptProject project = new TypeScriptProject("round-trip").copy(FIXTURE_BINDINGS, "bindings.ts")
			.copy(TYPESCRIPT.resolve("round-trip.ts"), "round-trip.ts");
		Result tsc = project.tsc();
		assertThat(tsc.exitCode()).as("tsc --strict:%n%s", tsc.output()).isZero();
		Result strictest = project.tscStrictest();
		assertThat(strictest.exitCode()).as("tsc with every strictness flag:%n%s", strictest.output()).isZero();
		Result run = project.node("round-trip", Map.of("TAURI_EVENTS_HTTP", "http://localhost:" + this.port));
		assertThat(run.exitCode()).as("round trip:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("round trip ok");
	}

	@Test
	void moduleGeneratedForTheOfficialPackageRoundTripsThroughTheShim() throws IOException {
		Compilation compilation = new Compilation().option(BindingsProcessor.MODULE, "@tauri-apps/api");
		try (Stream<Path> sources = Files.walk(FIXTURE_SOURCES)) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String name = FIXTURE_SOURCES.relativize(source).toString().replace(".java", "").replace('/', '.');
				compilation.source("io.taurievents.bindings.fixture." + name, Files.readString(source));
			}
		}
		assertThat(compilation.compile().succeeded()).isTrue();
		assertThat(compilation.bindings()).contains("from '@tauri-apps/api/core';");
		TypeScriptProject project = new TypeScriptProject("official-round-trip")
			.write("bindings.ts", compilation.bindings())
			.copy(TYPESCRIPT.resolve("round-trip-official.ts"), "round-trip-official.ts");
		Result tsc = project.tsc();
		assertThat(tsc.exitCode()).as("tsc --strict:%n%s", tsc.output()).isZero();
		Result strictest = project.tscStrictest();
		assertThat(strictest.exitCode()).as("tsc with every strictness flag:%n%s", strictest.output()).isZero();
		Result run = project.node("round-trip-official",
				Map.of("TAURI_EVENTS_HTTP", "http://localhost:" + this.port));
		assertThat(run.exitCode()).as("round trip:%n%s", run.output()).isZero();
		assertThat(run.output()).contains("official round trip ok");
	}

	@Test
	void pageWrittenAgainstOldNamesFailsToTypeCheck() {
		TypeScriptProject project = new TypeScriptProject("stale").copy(FIXTURE_BINDINGS, "bindings.ts")
			.copy(TYPESCRIPT.resolve("stale-usage.ts"), "stale-usage.ts");
		Result tsc = project.tsc();
		assertThat(tsc.exitCode()).isNotZero();
		assertThat(tsc.output()).contains("stale-usage.ts(4,", "'who' does not exist in type 'EchoPersonArgs'");
	}

}
