package io.taurievents.event;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "click", "download-progress", "tauri://resize", "a/b:c_d-e", "événement", "事件", "٣٤",
			"Ⅻ", "", "EVENT123" })
	void acceptsAlphanumericAndTheFourSeparators(String name) {
		assertThat(EventNames.isValid(name)).isTrue();
		assertThat(EventNames.validate(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "player.state", "with space", "star*", "at@", "hash#", "what?", "plus+",
			"some\r illegal event name", "tab\t", "emoji😀" })
	void rejectsEverythingElse(String name) {
		assertThat(EventNames.isValid(name)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> EventNames.validate(name))
			.withMessageContaining(name)
			.withMessageContaining("alphanumeric characters, '-', '/', ':' and '_'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "main", "file-viewer", "settings" })
	void labelsFollowTheSameRule(String label) {
		assertThat(EventNames.isValid(label)).isTrue();
	}

}
