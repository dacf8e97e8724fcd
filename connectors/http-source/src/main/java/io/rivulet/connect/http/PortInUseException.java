package io.rivulet.connect.http;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A task's port is taken. After a rebalance the task's previous instance on the same worker may still be letting go
 * of it (its stop runs beside the new instance's start), so the task tries again for a while before it fails.
 */
public class PortInUseException extends ConnectException {
    public PortInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
