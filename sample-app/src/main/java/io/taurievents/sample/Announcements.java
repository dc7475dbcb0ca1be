package io.taurievents.sample;

import io.taurievents.AppHandle;
import io.taurievents.TauriCommand;
import io.taurievents.WebviewWindow;

import org.springframework.stereotype.Component;

/**
 * A message for everyone on the server, across app instances: the {@code AppHandle} bean injected here is
 * server-wide, whereas the {@code AppHandle} a command receives as a parameter is its caller's instance (the tab
 * and the windows it opened), which is where every seed example stays.
 */
@Component
class Announcements {

	private final AppHandle everyone;

	Announcements(AppHandle everyone) {
		this.everyone = everyone;
	}

	@TauriCommand
	void broadcastAnnouncement(String text, WebviewWindow caller) {
		this.everyone.emit("announcement", new Announcement(text, caller.label()));
	}

	/**
	 * What every window of every instance receives.
	 * @param text the announcement
	 * @param from the label of the window that sent it
	 */
	record Announcement(String text, String from) {
	}

}
