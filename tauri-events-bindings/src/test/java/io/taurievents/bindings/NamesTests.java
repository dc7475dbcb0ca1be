package io.taurievents.bindings;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor's copy of the naming rules agrees with the runtime's ({@code io.taurievents.ipc.CommandNames}).
 */
class NamesTests {

	private static final List<String> NAMES = List.of("sendToSpecificWindow", "invoke_message", "XMLHttpRequest",
			"getHTTPResponseCode", "_private", "with-dash", "a", "already_snake_case", "userId2", "IOStream", "ABC",
			"user2Id", "html5Parser", "v2", "HTTP2Server", "__double", "trailing_", "äöÜber", "x");

	@Test
	void snakeAndCamelCaseMatchTheRuntime() throws Exception {
		Class<?> runtime = Class.forName("io.taurievents.ipc.CommandNames");
		Method snakeCase = runtime.getDeclaredMethod("snakeCase", String.class);
		Method camelCase = runtime.getDeclaredMethod("camelCase", String.class);
		snakeCase.setAccessible(true);
		camelCase.setAccessible(true);
		for (String name : NAMES) {
			assertThat(Names.snakeCase(name)).as(name).isEqualTo(snakeCase.invoke(null, name));
			assertThat(Names.camelCase(name)).as(name).isEqualTo(camelCase.invoke(null, name));
		}
		assertThat(Names.pascalCase("send_to_window")).isEqualTo("SendToWindow");
	}

}
