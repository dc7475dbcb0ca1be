package io.taurievents.ipc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Parsing of {@code "__CHANNEL__:<id>"}.
 */
class ChannelFactoryTests {

	@Test
	void parsesIdsUpToTheLargestSafeJavaScriptInteger() {
		assertThat(ChannelFactory.parseId("__CHANNEL__:0")).isZero();
		assertThat(ChannelFactory.parseId("__CHANNEL__:4294967295")).isEqualTo(4294967295L);
		assertThat(ChannelFactory.parseId("__CHANNEL__:9007199254740991")).isEqualTo(9007199254740991L);
	}

	@Test
	void rejectsAnythingElseWithTauriText() {
		for (String value : new String[] { "", "7", "__CHANNEL__:", "__CHANNEL__: 7", "__CHANNEL__:+7",
				"__CHANNEL__:7x", "__CHANNEL__:9007199254740992", "__channel__:7", "prefix__CHANNEL__:7" }) {
			assertThatExceptionOfType(InvalidChannelException.class).isThrownBy(() -> ChannelFactory.parseId(value))
				.withMessage("invalid channel value `" + value + "`, expected a string in the `__CHANNEL__:ID` format");
		}
	}

}
