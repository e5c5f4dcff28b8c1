package io.embedkit.server;

/**
 * A request the server refuses, with the HTTP status and OpenAI's error fields: the body is
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String type;
  final String param;
  final String code;

  ApiException(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  static ApiException badRequest(String param, String message) {
    return new ApiException(400, "invalid_request_error", param, null, message);
  }

  static ApiException tooLarge(String param, String message) {
    return new ApiException(413, "invalid_request_error", param, "request_too_large", message);
  }
}
