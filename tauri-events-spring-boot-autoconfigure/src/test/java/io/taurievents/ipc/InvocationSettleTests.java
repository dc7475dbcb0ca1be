package io.taurievents.ipc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.taurievents.WebviewWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What operations hang on an invoke: after-settle hooks see the outcome exactly once, after the response.
 */
class InvocationSettleTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<String> responses = new CopyOnWriteArrayList<>();

	private final WebviewWindow window = mock(WebviewWindow.class);

	@Test
	void afterSettleHooksRunOnceWithTheOutcomeAfterTheResponse() {
		Invocation resolved = invocation(1);
		List<String> seen = new CopyOnWriteArrayList<>();
		resolved.afterSettle((ok) -> seen.add("ok=" + ok + " after " + this.responses.size() + " response(s)"));
		resolved.resolve("done");
		resolved.reject("too late");
		assertThat(seen).containsExactly("ok=true after 1 response(s)");
		Invocation rejected = invocation(2);
		rejected.reject("no");
		rejected.afterSettle((ok) -> seen.add("late hook ok=" + ok));
		assertThat(seen).endsWith("late hook ok=false");
	}

	private Invocation invocation(long id) {
		return new Invocation(id, "cmd", this.window, this.json.createObjectNode(), null, Map.of(), this.json,
				new Invocation.Responder() {
					@Override
					public void respond(long requestId, boolean ok, String payload) {
						InvocationSettleTests.this.responses.add(requestId + " " + ok + " " + payload);
					}

					@Override
					public void respondBytes(long requestId, byte[] bytes) {
						InvocationSettleTests.this.responses.add(requestId + " bytes");
					}
				});
	}

}
