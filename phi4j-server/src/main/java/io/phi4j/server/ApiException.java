package io.phi4j.server;

/**
 * A request the server refuses, reported to the client as OpenAI's error object
 * {@code {"error": {"message", "type", "param", "code"}}} with an HTTP status. The message is one line for a
 * person and names the problem.
 */
final class ApiException extends RuntimeException {
    final int status;
    final String type;
    final String param;
    final String code;
    /** Seconds for a {@code Retry-After} header; 0 for none. */
    final int retryAfter;

    ApiException(int status, String type, String param, String code, String message, int retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 400: a parameter is missing, of the wrong type or out of range. */
    static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, null, message, 0);
    }

    static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", param, code, message, 0);
    }

    static ApiException status(int status, String type, String code, String message) {
        return new ApiException(status, type, null, code, message, 0);
    }

    static ApiException busy(int status, String code, String message, int retryAfterSeconds) {
        return new ApiException(status, status == 429 ? "rate_limit_error" : "server_error", null, code, message,
                retryAfterSeconds);
    }
}
