package io.taurievents.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the {@code @taurievents/api} package's Node integration tests ({@code npm run test:integration}) against
 * the real sample app on a random port. They test the client against the sample's commands with windows of
 * generated labels, so they run without the sample's capabilities (which name its four windows; the browser tests
 * run with them). Among them: a Chromium page whose network goes away for 5 seconds in the middle of a stream of
 * events and of channel downloads, which must lose nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "tauri.events.capabilities.locations=",
		// dead connections found in 1.5 s, so the browser's 5-second network outage is a resume, not a timeout
		"tauri.events.resume.heartbeat-interval=500ms",
		// the sample's periodic test-event would reach the scenarios' test-event listeners at any moment
		"sample.periodic-event-interval=1h" })
class FrontendIntegrationTests {

	private static final String API_WORKSPACE = "@taurievents/api";

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper jsonMapper;

	@Test
	void clientIntegrationTestsPassAgainstTheSampleApp() throws IOException, InterruptedException {
		Path frontend = Path.of(System.getProperty("frontend.directory", "../frontend")).toAbsolutePath().normalize();
		Path packageJson = frontend.resolve("packages/api/package.json");
		assertThat(packageJson).as("the %s package is missing", API_WORKSPACE).isRegularFile();
		JsonNode scripts = this.jsonMapper.readTree(packageJson.toFile()).path("scripts");
		assertThat(scripts.has("test:integration"))
			.as("%s has no test:integration script in %s", API_WORKSPACE, packageJson)
			.isTrue();

		Path output = Files.createTempFile("frontend-integration", ".log");
		ProcessBuilder builder = new ProcessBuilder(System.getProperty("npm.executable", "npm"), "run",
				"test:integration", "--workspace", API_WORKSPACE)
			.directory(frontend.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("TAURI_EVENTS_HTTP", "http://localhost:" + this.port);
		builder.environment().put("CI", "true");
		Process process = builder.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String log = Files.readString(output, StandardCharsets.UTF_8);
		Files.delete(output);
		System.out.println(log);
		assertThat(finished).as("npm run test:integration did not finish in 5 minutes:%n%s", log).isTrue();
		assertThat(process.exitValue()).as("npm run test:integration failed:%n%s", log).isZero();
	}

}
