package io.taurievents.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.test.TestWindow;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tauri} endpoint over HTTP: instances and windows, one window, closing a window; never a token.
 */
@SpringBootTest(classes = TauriEndpointIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tauri",
				"management.endpoint.tauri.access=unrestricted" })
class TauriEndpointIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void listsInstancesAndWindowsWithoutTheirTokens() throws Exception {
		try (TestWindow main = TestWindow.openTab(this.port, "main");
				TestWindow settings = main.openSibling("settings/general")) {
			main.listen("tick", "main");
			HttpResponse<String> response = get("/actuator/tauri");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).doesNotContain(main.instanceToken());
			JsonNode instance = instanceHolding(json.readTree(response.body()), "main");
			assertThat(instance.path("principalName").asString(null)).as("anonymous").isNull();
			assertThat(instance.get("windows")).hasSize(2);
			String instanceId = instance.get("id").asString();
			JsonNode window = json.readTree(get("/actuator/tauri/" + instanceId + "/main").body());
			assertThat(window.get("label").asString()).isEqualTo("main");
			assertThat(window.get("instanceId").asString()).isEqualTo(instanceId);
			assertThat(window.get("listeners").asInt()).isEqualTo(1);
			assertThat(window.get("openChannels").asInt()).isZero();
			assertThat(window.get("queuedBytes").asLong()).isGreaterThanOrEqualTo(0);
			assertThat(window.get("connectedSince").asString()).isNotEmpty();
			assertThat(get("/actuator/tauri/" + instanceId + "/settings/general").statusCode()).isEqualTo(200);
			assertThat(get("/actuator/tauri/" + instanceId + "/nope").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void closesAWindowWith1000() throws Exception {
		try (TestWindow main = TestWindow.openTab(this.port, "main")) {
			String instanceId = instanceHolding(json.readTree(get("/actuator/tauri").body()), "main").get("id")
				.asString();
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri("/actuator/tauri/" + instanceId + "/main")).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(main.awaitClose().getCode()).isEqualTo(1000);
		}
	}

	private JsonNode instanceHolding(JsonNode tauri, String label) {
		for (JsonNode instance : tauri.get("instances")) {
			for (JsonNode window : instance.get("windows")) {
				if (window.get("label").asString().equals(label)) {
					return instance;
				}
			}
		}
		throw new AssertionError("no instance holds '" + label + "': " + tauri);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
