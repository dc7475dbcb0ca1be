package io.taurievents.transport;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link Frames}' encoding rules.
 */
class FramesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void unpairedSurrogatesAreEscapedAndReadBackUnchanged() throws CharacterCodingException {
		for (String value : new String[] { "a\ud800b", "\udc00", "x\ud83d", "\udc00\ud800", "\ud83d\ude00\ud83d" }) {
			String wire = Frames.wire(this.json.writeValueAsString(value));
			// encodable: a strict UTF-8 encoder (as the container uses) accepts it
			StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(wire));
			assertThat(this.json.readValue(wire, String.class)).isEqualTo(value);
		}
	}

	@Test
	void textWithoutUnpairedSurrogatesIsReturnedAsItIs() {
		String text = "{\"a\":\"é \ud83d\ude00\"}";
		assertThat(Frames.wire(text)).isSameAs(text);
	}

}
