package io.taurievents.sample;

/**
 * The object payloads of seed 002's event version of {@code download} ({@code #[serde(rename_all =
 * "camelCase")]}, which is Jackson's default for record components).
 */
final class DownloadPayloads {

	private DownloadPayloads() {
	}

	/**
	 * Payload of {@code download-started}.
	 * @param url the URL
	 * @param downloadId the download id
	 * @param contentLength the total length
	 */
	record DownloadStarted(String url, long downloadId, long contentLength) {
	}

	/**
	 * Payload of {@code download-progress}.
	 * @param downloadId the download id
	 * @param chunkLength the length of the chunk just received
	 */
	record DownloadProgress(long downloadId, long chunkLength) {
	}

	/**
	 * Payload of {@code download-finished}.
	 * @param downloadId the download id
	 */
	record DownloadFinished(long downloadId) {
	}

}
