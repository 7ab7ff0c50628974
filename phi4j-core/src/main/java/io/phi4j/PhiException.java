package io.phi4j;

/**
 * An error caused by the user's input (a corrupt or unsupported model file, a bad argument, a prompt that
 * does not fit the context). Its message is one line, written for a person, and names the problem; the CLI
 * prints it without a stack trace and exits with code 2. Programming errors stay ordinary exceptions.
 */
public class PhiException extends RuntimeException {
    public PhiException(String message) {
        super(message);
    }

    public PhiException(String message, Throwable cause) {
        super(message, cause);
    }
}
