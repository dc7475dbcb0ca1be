package io.taurievents.sample;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Seed 002's channel message: Rust's {@code #[serde(rename_all = "camelCase", tag = "event", content =
 * "data")] enum DownloadEvent}, serialized as {@code {"event":"started","data":{"url":...,"downloadId":1,...}}}.
 * The tag is the type id; each variant's single {@code data} component carries the content.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({ @JsonSubTypes.Type(DownloadEvent.Started.class), @JsonSubTypes.Type(DownloadEvent.Progress.class),
		@JsonSubTypes.Type(DownloadEvent.Finished.class) })
sealed interface DownloadEvent {

	static DownloadEvent started(String url, long downloadId, long contentLength) {
		return new Started(new Started.Data(url, downloadId, contentLength));
	}

	static DownloadEvent progress(long downloadId, long chunkLength) {
		return new Progress(new Progress.Data(downloadId, chunkLength));
	}

	static DownloadEvent finished(long downloadId) {
		return new Finished(new Finished.Data(downloadId));
	}

	@JsonTypeName("started")
	record Started(Data data) implements DownloadEvent {
		record Data(String url, long downloadId, long contentLength) {
		}
	}

	@JsonTypeName("progress")
	record Progress(Data data) implements DownloadEvent {
		record Data(long downloadId, long chunkLength) {
		}
	}

	@JsonTypeName("finished")
	record Finished(Data data) implements DownloadEvent {
		record Data(long downloadId) {
		}
	}

}
