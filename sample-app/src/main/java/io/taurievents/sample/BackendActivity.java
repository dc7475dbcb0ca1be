package io.taurievents.sample;

import java.util.ArrayList;
import java.util.List;

import io.taurievents.AppHandle;
import io.taurievents.WebviewWindow;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What the sample's server-side listeners heard. Each entry is logged (the seeds' {@code println!}) and emitted
 * as {@code backend-activity} to the pages of the tab that caused it, so its main window can show that the backend
 * heard it.
 */
@Component
public class BackendActivity {

	private static final Log logger = LogFactory.getLog(BackendActivity.class);

	private static final int MAX_ENTRIES = 500;

	private final AppHandle app;

	private final List<String> entries = new ArrayList<>();

	BackendActivity(AppHandle app) {
		this.app = app;
	}

	/**
	 * Records that a server listener heard something and tells the pages of the tab it came from (never other
	 * users' tabs: an entry may hold a session token).
	 * @param entry what was heard, e.g. {@code "downloading https://..."}
	 * @param from the window whose page emitted what was heard, {@code null} when the server emitted it
	 */
	public void record(String entry, @Nullable WebviewWindow from) {
		logger.info(entry);
		synchronized (this.entries) {
			if (this.entries.size() == MAX_ENTRIES) {
				this.entries.remove(0);
			}
			this.entries.add(entry);
		}
		AppHandle pages = (from != null) ? from.app() : this.app;
		pages.emit("backend-activity", entry);
	}

	/**
	 * The most recent entries, oldest first.
	 * @return a snapshot
	 */
	public List<String> entries() {
		synchronized (this.entries) {
			return List.copyOf(this.entries);
		}
	}

}
