package io.datashard.s3;

import io.datashard.exceptions.DatashardException;
import io.datashard.exceptions.NotFoundException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into Datashard's, with messages that name the location and never a secret. */
final class S3Errors {
  private S3Errors() {
  }

  /** The HTTP status of a service error, or 0 for client-side failures. */
  static int status(SdkException e) {
    return e instanceof AwsServiceException service ? service.statusCode() : 0;
  }

  /** The S3 error code ({@code NoSuchKey}, {@code SlowDown}, ...), or empty. */
  static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return "";
  }

  static boolean isNotFound(SdkException e) {
    return status(e) == 404;
  }

  /** A 404 becomes {@link NotFoundException}; anything else a {@link DatashardException}. */
  static DatashardException translate(SdkException e, String action, String location) {
    if (isNotFound(e) && !"NoSuchBucket".equals(code(e)) && !"NoSuchUpload".equals(code(e))) {
      return new NotFoundException("Cannot " + action + " " + location + ": the file does not exist", e);
    }
    return new DatashardException("Failed to " + action + " " + location + ": " + describe(e), e);
  }

  /**
   * A short description: status, code and the service's message. SDK messages carry no
   * credentials; the request id helps when asking the storage operator.
   */
  static String describe(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String message = service.awsErrorDetails() == null ? service.getMessage()
          : service.awsErrorDetails().errorMessage();
      return String.format("HTTP %d %s: %s (request id %s)", service.statusCode(), code(e), message,
          service.requestId());
    }
    return e.getMessage();
  }
}
