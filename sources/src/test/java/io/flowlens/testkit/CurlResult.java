package io.flowlens.testkit;

/**
 * What {@code curl} fetched.
 *
 * @param httpStatus the response status, 0 if no response arrived
 * @param bodyBytes bytes of the response body
 * @param body the body decoded as UTF-8
 * @param exitCode curl's exit code (0 on success; 7 connection refused, 28 timeout)
 * @param stderr curl's error message, if any
 */
public record CurlResult(int httpStatus, long bodyBytes, String body, int exitCode, String stderr) {}
