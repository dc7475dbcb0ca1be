package io.taurievents.ipc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tauri's ({@code heck}'s) name conversions for command names and argument keys.
 */
class CommandNamesTests {

	@Test
	void methodNamesBecomeSnakeCase() {
		assertThat(CommandNames.snakeCase("greet")).isEqualTo("greet");
		assertThat(CommandNames.snakeCase("sendToSpecificWindow")).isEqualTo("send_to_specific_window");
		assertThat(CommandNames.snakeCase("getHTTPStatus")).isEqualTo("get_http_status");
		assertThat(CommandNames.snakeCase("XMLHttpRequest")).isEqualTo("xml_http_request");
		assertThat(CommandNames.snakeCase("file2Path")).isEqualTo("file2_path");
		assertThat(CommandNames.snakeCase("already_snake")).isEqualTo("already_snake");
	}

	@Test
	void parameterNamesBecomeLowerCamelCase() {
		assertThat(CommandNames.camelCase("invokeMessage")).isEqualTo("invokeMessage");
		assertThat(CommandNames.camelCase("the_argument")).isEqualTo("theArgument");
		assertThat(CommandNames.camelCase("XMLHttpRequest")).isEqualTo("xmlHttpRequest");
		assertThat(CommandNames.camelCase("userID")).isEqualTo("userId");
	}

	@Test
	void leadingUnderscoresDisappear() {
		assertThat(CommandNames.camelCase("_argument")).isEqualTo("argument");
		assertThat(CommandNames.snakeCase("__private_thing")).isEqualTo("private_thing");
	}

}
