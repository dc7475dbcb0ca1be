package io.taurievents.sample;

import java.util.ArrayList;
import java.util.List;

import io.taurievents.AppHandle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * What the sample's server-side listeners heard. Each entry is logged (the seeds' {@code println!}) and emitted
 * to the pages as {@code backend-activity}, so the main window can show that the backend heard it.
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
	 * Records that a server listener heard something and tells the pages.
	 * @param entry what was heard, e.g. {@code "downloading https://..."}
	 */
	public void record(String entry) {
		logger.info(entry);
		synchronized (this.entries) {
			if (this.entries.size() == MAX_ENTRIES) {
				this.entries.remove(0);
			}
			this.entries.add(entry);
		}
		this.app.emit("backend-activity", entry);
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
