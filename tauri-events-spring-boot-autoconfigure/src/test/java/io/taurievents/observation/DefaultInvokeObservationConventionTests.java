package io.taurievents.observation;

import java.util.Map;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.WebviewWindow;
import io.taurievents.ipc.Invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The default convention's names and tags, per command and outcome; built once per command, not per invoke.
 */
class DefaultInvokeObservationConventionTests {

	private final DefaultInvokeObservationConvention convention = new DefaultInvokeObservationConvention();

	@Test
	void tagsNameTheCommandAndTheOutcome() {
		InvokeObservationContext context = context("greet");
		assertThat(this.convention.getName()).isEqualTo("tauri.invoke");
		assertThat(this.convention.getContextualName(context)).isEqualTo("invoke greet");
		assertThat(tags(context)).containsExactlyInAnyOrderEntriesOf(Map.of("tauri.command", "greet", "outcome",
				"UNKNOWN", "rpc.system", "tauri", "rpc.method", "greet"));
		context.setSucceeded(true);
		assertThat(tags(context)).containsEntry("outcome", "SUCCESS");
		context.setSucceeded(false);
		assertThat(tags(context)).containsEntry("outcome", "ERROR").containsEntry("tauri.command", "greet");
	}

	@Test
	void eachCommandsTagsAreBuiltOnce() {
		InvokeObservationContext first = context("greet");
		InvokeObservationContext second = context("greet");
		InvokeObservationContext other = context("other");
		assertThat(this.convention.getLowCardinalityKeyValues(second))
			.isSameAs(this.convention.getLowCardinalityKeyValues(first));
		assertThat(this.convention.getContextualName(second)).isSameAs(this.convention.getContextualName(first));
		assertThat(tags(other)).containsEntry("tauri.command", "other").containsEntry("rpc.method", "other");
	}

	private Map<String, String> tags(InvokeObservationContext context) {
		Map<String, String> tags = new java.util.HashMap<>();
		for (KeyValue keyValue : this.convention.getLowCardinalityKeyValues(context)) {
			tags.put(keyValue.getKey(), keyValue.getValue());
		}
		return tags;
	}

	private static InvokeObservationContext context(String command) {
		JsonMapper json = JsonMapper.builder().build();
		Invocation invocation = new Invocation(1, command, mock(WebviewWindow.class), json.createObjectNode(), null,
				Map.of(), json, new Invocation.Responder() {
					@Override
					public void respond(long requestId, boolean ok, String payload) {
					}

					@Override
					public void respondBytes(long requestId, byte[] bytes) {
					}
				});
		return new InvokeObservationContext(invocation, command);
	}

}
